/**
 * `pnpm experiment <scenario|all> [--seeds 1,2,3] [--steps N] [--out dir]`: runs a playground scenario in Node with
 * the same code as the page's worker, prints its table and writes `<out>/<id>.svg` and `<out>/<id>.md`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import { initStudies } from '../init-studies/cli';
import { findScenario, scenarios } from '../scenarios/definitions';
import { runScenario } from '../scenarios/run';
import { markdownTable, summarize } from '../scenarios/summary';
import type { Scenario } from '../scenarios/types';
import { scenarioChart } from './svg-chart';

interface Args {
  ids: string[];
  seeds?: number[];
  steps?: number;
  out: string;
}

function usage(): string {
  return `usage: pnpm experiment <scenario|all> [--seeds 1,2,3] [--steps N] [--out dir]\nscenarios:\n${scenarios
    .map((s) => `  ${s.id.padEnd(30)} ${s.title}`)
    .join('\n')}\n${initStudies.map((s) => `  ${s.id.padEnd(30)} ${s.title}`).join('\n')}`;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { ids: [], out: resolve(fileURLToPath(new URL('../../experiments', import.meta.url))) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seeds') args.seeds = argv[++i].split(',').map(Number);
    else if (a === '--steps') args.steps = Number(argv[++i]);
    else if (a === '--out') args.out = resolve(argv[++i]);
    else if (a === '--') continue;
    else args.ids.push(a);
  }
  return args;
}

function run(scenario: Scenario, args: Args): void {
  const registry = createPlaygroundRegistry(playgroundPlugins);
  const seeds = args.seeds ?? scenario.seeds;
  const started = Date.now();
  process.stderr.write(`\n${scenario.title}\n${scenario.claim}\n`);
  const runs = runScenario(scenario, registry, {
    seeds,
    ...(args.steps ? { steps: args.steps } : {}),
    onRun: (variant, seed, index, total) => process.stderr.write(`\n  [${index + 1}/${total}] ${variant}, seed ${seed} `),
    onProgress: (step, total) => {
      if (step % Math.max(1, Math.round(total / 10)) < Math.max(1, Math.round(total / 30))) process.stderr.write('.');
    },
  });
  process.stderr.write(`\n  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`);
  const rows = summarize(scenario, runs);
  const table = markdownTable(scenario, rows);
  const shown = args.steps ? { ...scenario, steps: args.steps } : scenario;
  process.stdout.write(`${table}\n`);
  for (const r of runs.filter((x) => x.diverged)) process.stdout.write(`note: ${r.variant} seed ${r.seed} ${r.diverged}\n`);
  mkdirSync(args.out, { recursive: true });
  const svg = join(args.out, `${scenario.id}.svg`);
  writeFileSync(svg, scenarioChart(shown, runs, rows));
  writeFileSync(
    join(args.out, `${scenario.id}.md`),
    `### ${scenario.title}\n\n${scenario.claim}\n\n${table}\n\nSeeds ${seeds.join(', ')}; ${shown.steps} steps; mean [min–max].\n`,
  );
  process.stdout.write(`chart: ${svg}\n`);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (args.ids.length === 0) {
    process.stderr.write(`${usage()}\n`);
    process.exit(2);
  }
  const studies = initStudies.filter((s) => args.ids.includes(s.id) || args.ids.includes('all'));
  const ids = args.ids.filter((id) => !studies.some((s) => s.id === id));
  const chosen = ids.includes('all') ? [...scenarios] : ids.map((id) => findScenario(id));
  const unknown = ids.filter((id, i) => id !== 'all' && !chosen[i]);
  if (unknown.length) {
    process.stderr.write(`unknown scenario ${unknown.join(', ')}\n${usage()}\n`);
    process.exit(2);
  }
  for (const s of chosen) run(s as Scenario, args);
  const registry = createPlaygroundRegistry(playgroundPlugins);
  for (const s of studies) {
    process.stderr.write(`\n${s.title}\n`);
    process.stdout.write(`\n${s.run(registry, args.out, (t) => process.stderr.write(t))}`);
  }
}

main();
