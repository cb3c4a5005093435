import { sgd, Tensor } from '@rectify/core';
import { imageBatch, oursLenet } from '../cnn/lenet';
import type { RunOptions, RunResults } from '../context';
import type { MnistSplit } from '../mnist-data';
import { table } from '../table';
import { LENET_BATCH as BATCH } from './cnn-step';
import { GPU_ROW_HEADERS, gpuModeRows } from './gpu-rows';

/**
 * Section: LeNet-5 (the `cnn` section's network, batch and SGD step) on our gpu backend in every mode available in
 * this process, against our CPU backend: a training step and the forward pass, with transfers per step.
 */
export function cnnGpuSection(data: MnistSplit, options: RunOptions, results: RunResults): void {
  const x = imageBatch(data.x, 0, BATCH);
  const y = new Tensor(data.y.subarray(0, BATCH * 10), [BATCH, 10]);
  const t = table(`gpu backend: LeNet-5 (relu), batch ${BATCH} (ms, median)`, GPU_ROW_HEADERS);
  gpuModeRows(
    t,
    (backend) => oursLenet(sgd({ learningRate: 0.01 }), 1, backend),
    x,
    y,
    options,
    (mode, step) => results.metrics.set(`cnn.gpu.${mode}.step`, step),
  );
  t.notes.push(
    'Every conv layer runs on the device through its gpu executor (direct convolution kernels; no host fallback). This machine has no GPU: headless-gl is Mesa llvmpipe and webasm/cpu are gpu.js CPU fallbacks, so the rows show overhead, not GPU speed.',
  );
  results.tables.push(t);
}
