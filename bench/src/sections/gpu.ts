import type { RunOptions, RunResults } from '../context';
import type { MnistSplit } from '../mnist-data';
import { oursMlp, rowsTensor } from '../mlp/ours';
import { BATCH, initialWeights, MLP_SIZES } from '../mlp/weights';
import type { BenchActivation } from '../plugins';
import { table } from '../table';
import { GPU_ROW_HEADERS, gpuModeRows } from './gpu-rows';

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
  const t = table(`gpu backend: MLP 784-256-128-10 (${act.name}), batch ${BATCH} (ms, median)`, GPU_ROW_HEADERS);
  gpuModeRows(
    t,
    (backend) => oursMlp(act, weights, backend),
    x,
    y,
    options,
    (mode, step) => results.metrics.set(`gpu.${mode}.step`, step),
  );
  t.notes.push(
    'Same weights, batch and SGD step as the CPU rows of the MLP section; `trainBatch` reads the loss back every step (one read-back), so a step uploads x and y and downloads the loss.',
    'This machine has no GPU: headless-gl runs on Mesa llvmpipe (software rasterizer), webasm and cpu are gpu.js CPU fallbacks. The figures show the overhead of each mode, not what a real GPU would do.',
    'webgl2 and webgpu exist only in a browser; the gpu package tests them in Chromium (SwiftShader) for agreement with the CPU backend, not for speed.',
  );
  results.tables.push(t);
}
