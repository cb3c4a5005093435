import type { Sequential, Tensor } from '@rectify/core';
import { type GpuBackendReport, type GpuMode, gpuBackend } from '@rectify/gpu';
import type { RunOptions } from '../context';
import { num, ratio, type Table } from '../table';
import { measureSync } from '../timing';

/** The gpu.js modes that exist in Node (webgl2 and webgpu need a browser; the packages' tests run them in Chromium). */
const NODE_MODES: GpuMode[] = ['headlessgl', 'webasm', 'cpu'];

/** The columns {@link gpuModeRows} fills. */
export const GPU_ROW_HEADERS: readonly string[] = [
  'backend',
  'mode that ran',
  'training step',
  'forward',
  'uploads / step',
  'read-backs / step',
  'step ÷ ours cpu',
];

/**
 * Fills `t` (columns {@link GPU_ROW_HEADERS}) with the model `make` builds on the CPU backend and on each gpu.js mode of this process, timing `trainBatch`
 * (loss read back) and `predict` on one batch. A mode that is not available is listed with the backend's reason.
 */
export function gpuModeRows(
  t: Table,
  make: (backend?: ReturnType<typeof gpuBackend>) => Sequential,
  x: Tensor,
  y: Tensor,
  options: RunOptions,
  onStep?: (mode: GpuMode, stepMs: number) => void,
): void {
  const cpu = make();
  const fastOpts = options.quick ? { warmup: 2, minSamples: 3, minTimeMs: 0 } : { warmup: 5, minSamples: 10, minTimeMs: 1000 };
  const cpuStep = measureSync(() => cpu.trainBatch(x, y), fastOpts).medianMs;
  const cpuFwd = measureSync(() => cpu.predict(x), fastOpts).medianMs;
  cpu.dispose();
  t.rows.push(['ours cpu', 'cpu', num(cpuStep), num(cpuFwd), '0', '0', '1.00×']);
  for (const mode of NODE_MODES) {
    const model = make(gpuBackend({ mode }));
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
      onStep?.(mode, step);
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
}
