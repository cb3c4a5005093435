import { cpuBackend, kernelInfo } from '@rectify/core';
import type { RunOptions, RunResults } from '../context';
import type { MnistSplit } from '../mnist-data';
import { oursMlp, rowsTensor } from '../mlp/ours';
import { BATCH, initialWeights, MLP_SIZES } from '../mlp/weights';
import type { BenchActivation } from '../plugins';
import { num, ratio, table } from '../table';
import { measureSync } from '../timing';

const ROUNDS = 3;

/**
 * The scaling row for the matrix kernel's fused multiply-add: the 784-256-128-10 MLP's forward pass and training
 * step at batch 128 with `cpuBackend({ fma: false })` and `{ fma: true }` (the relaxed-SIMD kernel; Node 22+, or
 * Node 20 with `--experimental-wasm-relaxed-simd`). Where the engine lacks relaxed SIMD the FMA row says why.
 */
export function fmaSection(act: BenchActivation, data: MnistSplit, _options: RunOptions, results: RunResults): void {
  const weights = initialWeights();
  const x = rowsTensor(data.x, MLP_SIZES[0], 0, BATCH);
  const y = rowsTensor(data.y, 10, 0, BATCH);
  const t = table(`MLP 784-256-128-10 (${act.name}), batch ${BATCH}, FMA off and on, Node ${process.version} (ms)`, [
    'kernel',
    'forward (median)',
    'forward (min)',
    'step (median)',
    'step (min)',
  ]);
  const info = kernelInfo().matmul;
  results.facts.set('ours matmul FMA (default fma: auto)', `${info.fma ? 'on' : 'off'}: ${info.fmaReason}`);
  const opts = { warmup: 10, warmupMs: 500, minSamples: 15, minTimeMs: 500 };
  const build = (fma: boolean) => oursMlp(act, weights, cpuBackend({ fma }));
  const fresh = (fma: boolean) => ({ model: build(fma), fwd: Infinity, fwdMin: Infinity, step: Infinity, stepMin: Infinity });
  const off = fresh(false);
  let on: typeof off | undefined;
  try {
    on = fresh(true);
  } catch (e) {
    t.notes.push(`FMA not measured: ${(e as Error).message}`);
  }
  // Interleaved rounds, best median of each: the two kernels see the same share of the machine's other load.
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of on ? [off, on] : [off]) {
      const f = measureSync(() => r.model.predict(x), opts);
      const st = measureSync(() => r.model.trainBatch(x, y), opts);
      r.fwd = Math.min(r.fwd, f.medianMs);
      r.fwdMin = Math.min(r.fwdMin, f.minMs);
      r.step = Math.min(r.step, st.medianMs);
      r.stepMin = Math.min(r.stepMin, st.minMs);
    }
  }
  off.model.dispose();
  on?.model.dispose();
  const cells = (r: typeof off | undefined) => [num(r?.fwd), num(r?.fwdMin), num(r?.step), num(r?.stepMin)];
  t.rows.push(['plain (f32x4.mul + add)', ...cells(off)]);
  t.rows.push(['FMA (f32x4.relaxed_madd)', ...cells(on)]);
  t.rows.push([
    'plain ÷ FMA',
    ratio(off.fwd, on?.fwd),
    ratio(off.fwdMin, on?.fwdMin),
    ratio(off.step, on?.step),
    ratio(off.stepMin, on?.stepMin),
  ]);
  if (on) {
    results.metrics.set(`fma.fwd.${act.name}`, on.fwd);
    results.metrics.set(`fma.step.${act.name}`, on.step);
  }
  results.metrics.set(`nofma.fwd.${act.name}`, off.fwd);
  results.metrics.set(`nofma.step.${act.name}`, off.step);
  t.notes.push(
    `Same weights and batch; only \`cpuBackend({ fma })\` differs; best median of ${ROUNDS} interleaved rounds (the minimum is the least disturbed by other jobs on a shared machine). Ratios above 1 mean FMA is faster.`,
  );
  results.tables.push(t);
}
