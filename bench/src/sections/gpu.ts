import { type GpuBackendReport, type GpuMode, gpuBackend } from '@rectify/gpu';
import type { RunOptions, RunResults } from '../context';
import type { MnistSplit } from '../mnist-data';
import { oursMlp, rowsTensor } from '../mlp/ours';
import { BATCH, initialWeights, MLP_SIZES } from '../mlp/weights';
import type { BenchActivation } from '../plugins';
import { num, ratio, table } from '../table';
import { measureSync } from '../timing';

/** The gpu.js modes that exist in Node (webgl2 and webgpu need a browser; the gpu package tests them in Chromium). */
const NODE_MODES: GpuMode[] = ['headlessgl', 'webasm', 'cpu'];

/**
 * Section 5: our gpu backend in every mode available in this process, on the same 784-256-128-10 MLP, batch and
 * initial weights as the CPU rows of section 3: a training step (`trainBatch`, loss read back) and the forward pass,
 * with the host⇄device transfers per step from the backend's report. A mode that is not available (headless-gl
 * without a display) is listed with the reason the backend gave.
 */
export function gpuSection(act: BenchActivation, data: MnistSplit, options: RunOptions, results: RunResults): void {
  const weights = initialWeights();
  const x = rowsTensor(data.x, MLP_SIZES[0], 0, BATCH);
  const y = rowsTensor(data.y, 10, 0, BATCH);
  const t = table(`gpu backend: MLP 784-256-128-10 (${act.name}), batch ${BATCH} (ms, median)`, [
    'backend',
    'mode that ran',
    'training step',
    'forward',
    'uploads / step',
    'read-backs / step',
    'step ÷ ours cpu',
  ]);
  const cpu = oursMlp(act, weights);
  const fastOpts = options.quick ? { warmup: 2, minSamples: 3, minTimeMs: 0 } : { warmup: 5, minSamples: 10, minTimeMs: 1000 };
  const cpuStep = measureSync(() => cpu.trainBatch(x, y), fastOpts).medianMs;
  const cpuFwd = measureSync(() => cpu.predict(x), fastOpts).medianMs;
  cpu.dispose();
  t.rows.push(['ours cpu', 'cpu', num(cpuStep), num(cpuFwd), '0', '0', '1.00×']);
  for (const mode of NODE_MODES) {
    const model = oursMlp(act, weights, gpuBackend({ mode }));
    try {
      model.trainBatch(x, y);
      const report = model.backendReport as GpuBackendReport;
      if (report.mode !== mode) {
        t.rows.push([`gpu ${mode}`, `${report.mode}: ${report.modeFallbackReason ?? 'fell back'}`, '', '', '', '', '']);
        continue;
      }
      // gpu.js's cpu mode runs the kernels as JavaScript loops: seconds per step, so fewer samples.
      const opts = mode === 'cpu' ? { warmup: 1, minSamples: 3, minTimeMs: 0 } : fastOpts;
      const before = { ...report.transfers };
      let steps = 0;
      const step = measureSync(() => {
        model.trainBatch(x, y);
        steps++;
      }, opts).medianMs;
      const after = (model.backendReport as GpuBackendReport).transfers;
      const fwd = measureSync(() => model.predict(x), opts).medianMs;
      results.metrics.set(`gpu.${mode}.step`, step);
      t.rows.push([
        `gpu ${mode}`,
        report.mode,
        num(step),
        num(fwd),
        ((after.toDevice - before.toDevice) / steps).toFixed(2),
        ((after.toHost - before.toHost) / steps).toFixed(2),
        ratio(step, cpuStep),
      ]);
    } catch (e) {
      t.rows.push([`gpu ${mode}`, `failed: ${(e as Error).message.split('\n')[0]}`, '', '', '', '', '']);
    } finally {
      model.dispose();
    }
  }
  t.notes.push(
    'Same weights, batch and SGD step as the CPU rows of the MLP section; `trainBatch` reads the loss back every step (one read-back), so a step uploads x and y and downloads the loss.',
    'This machine has no GPU: headless-gl runs on Mesa llvmpipe (software rasterizer), webasm and cpu are gpu.js CPU fallbacks. The figures show the overhead of each mode, not what a real GPU would do.',
    'webgl2 and webgpu exist only in a browser; the gpu package tests them in Chromium (SwiftShader) for agreement with the CPU backend, not for speed.',
  );
  results.tables.push(t);
}
