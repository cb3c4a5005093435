import { cpuBackend, kernelInfo } from '@rectify/core';
import type { RunOptions, RunResults } from '../context';
import type { MnistSplit } from '../mnist-data';
import { oursMlp, rowsTensor } from '../mlp/ours';
import { BATCH, initialWeights, MLP_SIZES } from '../mlp/weights';
import type { BenchActivation } from '../plugins';
import { num, ratio, table } from '../table';
import { measureSync } from '../timing';

/**
 * The scaling row for the matrix kernel's fused multiply-add: the 784-256-128-10 MLP's forward pass and training
 * step at batch 128 with `cpuBackend({ fma: false })` and `{ fma: true }` (the relaxed-SIMD kernel; Node 22+, or
 * Node 20 with `--experimental-wasm-relaxed-simd`). Where the engine lacks relaxed SIMD the FMA row says why.
 */
export function fmaSection(act: BenchActivation, data: MnistSplit, _options: RunOptions, results: RunResults): void {
  const weights = initialWeights();
  const x = rowsTensor(data.x, MLP_SIZES[0], 0, BATCH);
  const y = rowsTensor(data.y, 10, 0, BATCH);
  const t = table(`MLP 784-256-128-10 (${act.name}), batch ${BATCH}, FMA off and on, Node ${process.version} (ms, median)`, [
    'kernel',
    'forward',
    'training step',
  ]);
  const info = kernelInfo().matmul;
  results.facts.set('ours matmul FMA (default fma: auto)', `${info.fma ? 'on' : 'off'}: ${info.fmaReason}`);
  const opts = { warmup: 10, warmupMs: 1000, minSamples: 15, minTimeMs: 1000 };
  const time = (fma: boolean) => {
    const model = oursMlp(act, weights, cpuBackend({ fma }));
    const fwd = measureSync(() => model.predict(x), opts).medianMs;
    const step = measureSync(() => model.trainBatch(x, y), opts).medianMs;
    model.dispose();
    return { fwd, step };
  };
  const off = time(false);
  let on: { fwd: number; step: number } | undefined;
  try {
    on = time(true);
  } catch (e) {
    t.notes.push(`FMA not measured: ${(e as Error).message}`);
  }
  t.rows.push(['plain (f32x4.mul + add)', num(off.fwd), num(off.step)]);
  t.rows.push(['FMA (f32x4.relaxed_madd)', num(on?.fwd), num(on?.step)]);
  t.rows.push(['plain ÷ FMA', ratio(off.fwd, on?.fwd), ratio(off.step, on?.step)]);
  if (on) {
    results.metrics.set(`fma.fwd.${act.name}`, on.fwd);
    results.metrics.set(`fma.step.${act.name}`, on.step);
  }
  results.metrics.set(`nofma.fwd.${act.name}`, off.fwd);
  results.metrics.set(`nofma.step.${act.name}`, off.step);
  t.notes.push('Same weights and batch; only `cpuBackend({ fma })` differs. Ratios above 1 mean FMA is faster.');
  results.tables.push(t);
}
