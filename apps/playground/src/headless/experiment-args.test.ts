import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../scenarios/definitions';
import { parseExperimentArgs, UsageError, usage } from './experiment-args';

const known = scenarios.map((s) => s.id);
const first = known[0];
const parse = (...argv: string[]) => parseExperimentArgs(argv, known, '/default/out');

describe('parseExperimentArgs', () => {
  it('reads ids, seeds, steps and out', () => {
    expect(parse(first, '--seeds', '1,2, 3', '--steps', '200', '--out', '/tmp/x')).toEqual({
      command: 'run',
      ids: [first],
      seeds: [1, 2, 3],
      steps: 200,
      out: '/tmp/x',
    });
    expect(parse('all', `--steps=50`)).toEqual({ command: 'run', ids: ['all'], steps: 50, out: '/default/out' });
  });

  it('--help and -h ask for the usage, whatever else is given', () => {
    expect(parse('--help').command).toBe('help');
    expect(parse('-h', 'nonsense').command).toBe('help');
  });

  it.each([
    [['--seeds'], /--seeds <value>' argument missing; see pnpm experiment --help/],
    [[first, '--seeds'], /--seeds <value>' argument missing/],
    [[first, '--steps', 'abc'], /--steps must be a positive integer, got "abc"; e\.g\. --steps 2000/],
    [[first, '--steps', '0'], /--steps must be a positive integer, got "0"/],
    [[first, '--steps', '1.5'], /--steps must be a positive integer, got "1\.5"/],
    [[first, '--seeds', '1,x'], /--seeds must be non-negative integers separated by commas, got "1,x"/],
    [[first, '--seeds', ''], /--seeds must be non-negative integers/],
    [[first, '--colour', 'red'], /Unknown option '--colour'/],
    [['no-such-scenario'], /unknown scenario "no-such-scenario"; pnpm experiment --help lists them/],
    [[], /name a scenario or all/],
  ])('%j is a UsageError that names the fix', (argv, message) => {
    expect(() => parse(...argv)).toThrow(UsageError);
    expect(() => parse(...argv)).toThrow(message);
  });

  it('lists every scenario and option in the usage', () => {
    const text = usage(scenarios);
    for (const s of scenarios) expect(text).toContain(s.id);
    for (const option of ['--seeds', '--steps', '--out', '--help', 'all']) expect(text).toContain(option);
  });
});

describe('pnpm experiment (the script, run by tsx)', () => {
  const script = fileURLToPath(new URL('./experiment.ts', import.meta.url));
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const cli = (...argv: string[]) => spawnSync(process.execPath, [tsx, script, ...argv], { encoding: 'utf8' });

  it('--help prints the scenarios and options and exits 0', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    for (const id of known) expect(r.stdout).toContain(id);
    expect(r.stdout).toContain('--steps N');
  });

  it.each([[['--seeds']], [[first, '--steps', 'abc']]])('%j exits 2 with the message, no stack trace', (argv) => {
    const r = cli(...argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pnpm experiment: /);
    expect(r.stderr).not.toContain('TypeError');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
