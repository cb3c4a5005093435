/**
 * `pnpm experiment <scenario|all> [--seeds 1,2,3] [--steps N] [--out dir]`: runs a playground scenario in Node with
 * the same code as the page's worker, prints its table and writes `<out>/<id>.svg` and `<out>/<id>.md`.
 * `--help` lists the scenarios, studies and options.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import { initStudies as singleStudies } from '../init-studies/cli';
import { recurrentStudies } from '../scenarios/recurrent-cli';
import { findScenario, scenarios } from '../scenarios/definitions';
import { runScenario } from '../scenarios/run';
import { markdownTable, summarize } from '../scenarios/summary';
import type { Scenario } from '../scenarios/types';
import { cnnReluStudy } from './cnn-relu-cli';
import { type ExperimentArgs, parseExperimentArgs, UsageError, usage } from './experiment-args';
import { scenarioChart } from './svg-chart';

type Args = ExperimentArgs;

const initStudies = [...singleStudies, ...recurrentStudies];

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

async function main(): Promise<void> {
  const defaultOut = fileURLToPath(new URL('../../experiments', import.meta.url));
  const runnable = [...scenarios, ...initStudies, cnnReluStudy];
  let args: Args;
  try {
    args = parseExperimentArgs(
      process.argv.slice(2),
      runnable.map((s) => s.id),
      defaultOut,
    );
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`pnpm experiment: ${e.message}\n`);
    process.exit(2);
  }
  if (args.command === 'help') {
    process.stdout.write(`${usage(runnable)}\n`);
    return;
  }
  const studies = initStudies.filter((s) => args.ids.includes(s.id) || args.ids.includes('all'));
  const ids = args.ids.filter((id) => !studies.some((s) => s.id === id) && id !== cnnReluStudy.id);
  const chosen = ids.includes('all') ? [...scenarios] : ids.map((id) => findScenario(id) as Scenario);
  for (const s of chosen) run(s, args);
  const registry = createPlaygroundRegistry(playgroundPlugins);
  for (const s of studies) {
    process.stderr.write(`\n${s.title}\n`);
    process.stdout.write(`\n${await s.run(registry, args.out, (t) => process.stderr.write(t))}`);
  }
  if (args.ids.includes(cnnReluStudy.id) || args.ids.includes('all')) {
    process.stderr.write(`\n${cnnReluStudy.title}\n`);
    process.stdout.write(`\n${cnnReluStudy.run(registry, args, (t) => process.stderr.write(t))}`);
  }
}

void main();
