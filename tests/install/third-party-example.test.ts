import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, installedPackages, pack, workspaceRoot } from './scratch-project';

// examples/third-party-plugin says "copy it to start your own". This copies it out of the workspace, points its
// @rectify/* ranges at packed tarballs (what npm would fetch), installs with npm, and runs its own scripts there.
// gpu.js is left out of the copy's dev tools so that no native headless-gl build runs: the example's gpu check then
// has to report itself skipped, with its reason.
const GPU_SKIP_REASON = 'skipped because gpu.js is not installed';

interface VitestJsonReport {
  numFailedTests: number;
  numPassedTests: number;
  testResults: { assertionResults: { fullName: string; title: string; status: string; failureMessages: string[] }[] }[];
}

let tarballDir: string;
let copy: string;
let manifest: { devDependencies: Record<string, string>; peerDependencies: Record<string, string> };

function run(cmd: string, args: readonly string[]): { status: number; output: string } {
  try {
    const output = execFileSync(cmd, args, { cwd: copy, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, output };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { status: err.status ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

beforeAll(() => {
  ensureBuilt(['core', 'testkit']);
  tarballDir = mkdtempSync(join(tmpdir(), 'rectify-tarballs-'));
  const tarball = { '@rectify/core': pack('core', tarballDir), '@rectify/testkit': pack('testkit', tarballDir) };
  copy = mkdtempSync(join(tmpdir(), 'rectify-plugin-copy-'));
  const example = join(workspaceRoot, 'examples', 'third-party-plugin');
  cpSync(example, copy, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|dist)([/\\]|$)/.test(src.slice(example.length)),
  });
  manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'));
  const devDependencies = { ...manifest.devDependencies, ...mapValues(tarball, (path) => `file:${path}`) };
  delete devDependencies['gpu.js'];
  writeFileSync(join(copy, 'package.json'), JSON.stringify({ ...manifest, devDependencies }, null, 2));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: copy,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
});

afterAll(() => {
  for (const dir of [copy, tarballDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

function mapValues<T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

describe('examples/third-party-plugin copied out of the repo and installed from packed tarballs', () => {
  it('declares semver ranges (no workspace: protocol) and its own dev tools', () => {
    expect(copy.startsWith(workspaceRoot)).toBe(false);
    const ranges = { ...manifest.devDependencies, ...manifest.peerDependencies };
    for (const [name, range] of Object.entries(ranges)) expect(range, name).not.toMatch(/^(workspace|link|file):/);
    expect(Object.keys(manifest.devDependencies)).toEqual(expect.arrayContaining(['typescript', 'vitest', 'tsup']));
  });

  it('has no config reaching back into the repo', () => {
    for (const file of ['tsconfig.json', 'vitest.config.ts', 'tsup.config.ts']) {
      expect(readFileSync(join(copy, file), 'utf8'), file).not.toContain('../');
    }
  });

  it('installs without gpu.js or a native build', () => {
    const names = installedPackages(join(copy, 'node_modules')).map((p) => p.manifest.name);
    expect(names).toContain('@rectify/core');
    expect(names).toContain('@rectify/testkit');
    expect(names).not.toContain('gpu.js');
    expect(names).not.toContain('gl');
  });

  it('type-checks with its own tsconfig (npm run typecheck)', () => {
    const { status, output } = run('npm', ['run', 'typecheck']);
    expect(output, 'tsc output').not.toMatch(/error TS/);
    expect(status).toBe(0);
  });

  it('builds with its own tsup config (npm run build)', () => {
    const { status, output } = run('npm', ['run', 'build']);
    expect(status, output).toBe(0);
  });

  it("passes its own tests (its vitest config); the gpu check is reported skipped, naming gpu.js's absence", () => {
    const reportFile = join(copy, 'vitest-report.json');
    const { status, output } = run('npx', ['vitest', 'run', '--reporter=json', `--outputFile=${reportFile}`]);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as VitestJsonReport;
    const tests = report.testResults.flatMap((f) => f.assertionResults);
    const failed = tests.filter((t) => t.status === 'failed').map((t) => `${t.fullName}: ${t.failureMessages.join('\n')}`);
    expect(failed).toEqual([]);
    expect(status, output).toBe(0);
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBeGreaterThan(10);
    const skipped = tests.filter((t) => t.status !== 'passed');
    expect(skipped.map((t) => t.title)).toEqual([expect.stringContaining(GPU_SKIP_REASON)]);
    expect(skipped[0]?.status).toBe('skipped');
    expect(tests.some((t) => t.title.includes('allocate'))).toBe(true);
  });
});
