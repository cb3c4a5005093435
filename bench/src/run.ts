/**
 * `pnpm bench`: every contender side by side in one process on the same data, medians and ratios printed, and
 * bench/REPORT.md rewritten. `--quick` runs a reduced smoke version and writes nothing. `--only matmul,mlp` runs
 * just the named sections (activations, matmul, mlp, scaling, model-memory, cnn, cnn-mnist, cnn-memory, rnn, rnn-memory, mnist, memory,
 * gpu) and writes
 * nothing either.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { matmulKernel } from '@rectify/core';
import type { RunOptions, RunResults } from './context';
import { tfWasmInfo } from './contenders/tfjs';
import { loadMnist } from './mnist-data';
import { authorActivations, benchActivations, missingActivations } from './plugins';
import { markdownReport, terminalReport } from './report';
import { activationSection } from './sections/activations';
import { ceilingSection } from './sections/ceiling';
import { cnnMemorySection } from './sections/cnn-memory';
import { cnnGpuSection } from './sections/cnn-gpu';
import { cnnMnistSection } from './sections/cnn-mnist';
import { cnnStepSection } from './sections/cnn-step';
import { scalingSection } from './sections/scaling';
import { modelMemorySection } from './sections/model-memory';
import { gpuSection } from './sections/gpu';
import { matmulSection } from './sections/matmul';
import { memorySection } from './sections/memory';
import { mlpStepSection } from './sections/mlp-step';
import { mnistSection } from './sections/mnist-epoch';
import { rnnMemorySection } from './sections/rnn-memory';
import { rnnStepSection } from './sections/rnn-step';
import { checkTargets } from './targets';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

// headless-gl needs an X display: without one, run the whole benchmark again under xvfb-run, so that every gpu mode
// is measured in this same process as the other contenders.
if (!process.env.DISPLAY && !process.env.RECTIFY_BENCH_XVFB && spawnSync('which', ['xvfb-run']).status === 0) {
  const r = spawnSync('xvfb-run', ['-a', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, RECTIFY_BENCH_XVFB: '1' },
  });
  process.exit(r.status ?? 1);
}

const SECTIONS = [
  'activations',
  'matmul',
  'mlp',
  'scaling',
  'model-memory',
  'cnn',
  'cnn-mnist',
  'cnn-memory',
  'rnn',
  'rnn-memory',
  'mnist',
  'memory',
  'gpu',
] as const;
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((process.argv[onlyIndex + 1] ?? '').split(',')) : null;
for (const name of only ?? []) {
  if (!(SECTIONS as readonly string[]).includes(name)) {
    console.error(`--only: unknown section "${name}"; known: ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
const runs = (section: (typeof SECTIONS)[number]) => !only || only.has(section);
const quick = process.argv.includes('--quick');
const options: RunOptions = {
  quick,
  memorySteps: option('--memory-steps', quick ? 500 : 10_000),
  epochs: option('--epochs', quick ? 1 : 2),
};
const results: RunResults = { tables: [], metrics: new Map(), facts: new Map() };
const started = performance.now();
const log = (s: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${s}\n`);

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
const loadAtStart = load();
const wasm = await tfWasmInfo();
results.facts.set('tfjs-backend-wasm', `SIMD ${wasm.simd ? 'on' : 'off'}, threads ${wasm.threads ? 'on' : 'off'}`);
results.facts.set('ours matmul kernel', matmulKernel());
const acts = await benchActivations();
if (missingActivations.length) results.facts.set('activations not benchmarked', missingActivations.join('; '));
const { train, test, total } = loadMnist();
results.facts.set('MNIST', `${total} digits of the mnist package: ${train.rows} train, ${test.rows} test (seeded split)`);
const relu = acts.find((a) => a.name === 'relu') ?? acts[0];

if (runs('activations')) {
  log('activations');
  await activationSection(acts, await authorActivations(), options, results);
}
if (runs('matmul')) {
  log('matrix products');
  await matmulSection(options, results);
  await ceilingSection(results);
}
if (runs('mlp')) {
  log('MLP step and forward');
  await mlpStepSection(acts, train, options, results);
}
if (runs('model-memory')) {
  log('memory per model');
  modelMemorySection(options, results);
}
if (runs('scaling')) {
  log('MLP on 1 and 2 threads, with and without FMA (and under Node 22 when fetched)');
  scalingSection(relu, train, options, results);
}
if (runs('cnn')) {
  log('LeNet-5 step and forward');
  await cnnStepSection(train, options, results);
}
if (runs('cnn-mnist')) {
  log('LeNet-5 MNIST epochs');
  await cnnMnistSection(train, test, options, results);
}
if (runs('cnn-memory')) {
  log('LeNet-5 memory over 1,000 steps');
  cnnMemorySection(train, options, results);
}
if (runs('rnn')) {
  log('SimpleRNN step');
  await rnnStepSection(train, options, results);
}
if (runs('rnn-memory')) {
  log('SimpleRNN memory at T = 1,000');
  rnnMemorySection(options, results);
}
if (runs('mnist')) {
  log('MNIST epochs');
  await mnistSection(relu, train, test, options, results);
}
if (runs('memory')) {
  log(`memory over ${options.memorySteps} steps`);
  memorySection(relu, train, options, results);
}
if (runs('gpu')) {
  log('gpu backend');
  gpuSection(relu, train, options, results);
  log('gpu backend: LeNet-5');
  cnnGpuSection(train, options, results);
}

results.facts.set('load average (1/5/15 min)', `${loadAtStart} at start, ${load()} at end (other jobs share the cores)`);
const checks = checkTargets(results.metrics, acts);
const seconds = (performance.now() - started) / 1000;
console.log(terminalReport(results, checks));
if (!quick && !only) {
  const out = fileURLToPath(new URL('../REPORT.md', import.meta.url));
  writeFileSync(out, markdownReport(results, checks, options, seconds));
  log(`wrote ${out}`);
}
