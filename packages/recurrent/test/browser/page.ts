// Bundled by ../browser.test.ts and loaded in Chromium: trains each small recurrent model with model.fit on the gpu
// backend (webgl2 or webgpu) and on the CPU backend in the page, and reports both.
import { adam, createDefaultRegistry, dense, type Layer, sequential, type Tensor } from '@rectify/core';
import { type GpuMode, type GpuSession, gpuBackend } from '@rectify/gpu';
import { relu } from '@rectify/relu';
import { addingProblem, maxRelError, rnnModels, rnnRegistry } from '../rnn-case';

const STEPS = 4;

async function fitBoth(mode: GpuMode, name: string, layers: () => Layer[]) {
  const registry = rnnRegistry(createDefaultRegistry(), relu);
  const { x, y } = addingProblem({ samples: 12, length: STEPS, seed: 5 });
  const make = () => sequential({ inputShape: [STEPS, 2], seed: 3, registry, layers: layers() });
  const onCpu = make().compile({ loss: 'mse', optimizer: adam({ learningRate: 0.01 }) });
  const onGpu = make().compile({ loss: 'mse', optimizer: adam({ learningRate: 0.01 }), backend: gpuBackend({ mode }) });
  await onCpu.fit(x, y, { epochs: 3, batchSize: 6, shuffle: false });
  await onGpu.fit(x, y, { epochs: 3, batchSize: 6, shuffle: false });
  const report = onGpu.backendReport as GpuSession['report'];
  const weights = (m: typeof onCpu) => m.paramRefs().flatMap((r) => Array.from(r.param.value));
  const gpuY = (await onGpu.predictAsync(x)) as Tensor;
  const result = {
    name,
    mode: report.mode,
    fallbacks: report.fallbacks,
    weights: maxRelError(weights(onGpu), weights(onCpu)),
    moved: maxRelError(weights(onCpu), weights(make())),
    predict: maxRelError(Array.from(gpuY.data), Array.from(onCpu.predict(x).data)),
  };
  await onGpu.disposeAsync();
  return result;
}

(globalThis as unknown as Record<string, unknown>).rectifyRnnFit = async (mode: GpuMode) => {
  try {
    const results = [];
    for (const { name, layers } of rnnModels((units) => dense(units))) results.push(await fitBoth(mode, name, layers));
    return { results };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
};
