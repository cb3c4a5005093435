// Bundled by ../browser.test.ts with esbuild and loaded in Chromium: trains one small CNN with model.fit on the gpu
// backend (webgl2 or webgpu) and on the CPU backend in the page, and reports both.
import { activation, adam, createDefaultRegistry, dense, sequential, type Tensor } from '@rectify/core';
import { type GpuMode, type GpuSession, gpuBackend } from '@rectify/gpu';
import { relu } from '@rectify/relu';
import { cnnLayers, convRegistry, maxRelError, seededImages } from '../cnn-case';

async function fitBoth(mode: GpuMode) {
  const registry = convRegistry(createDefaultRegistry().registerActivation(relu));
  const { x, y } = seededImages(12, 5);
  const make = () => sequential({ inputShape: [2, 8, 8], seed: 3, registry, layers: cnnLayers(activation, dense, relu) });
  const onCpu = make().compile({ loss: 'mse', optimizer: adam({ learningRate: 0.01 }) });
  const onGpu = make().compile({ loss: 'mse', optimizer: adam({ learningRate: 0.01 }), backend: gpuBackend({ mode }) });
  await onCpu.fit(x, y, { epochs: 3, batchSize: 6, shuffle: false });
  await onGpu.fit(x, y, { epochs: 3, batchSize: 6, shuffle: false });
  const report = onGpu.backendReport as GpuSession['report'];
  const weights = (m: typeof onCpu) => m.paramRefs().map((r) => Array.from(r.param.value));
  const gpuW = weights(onGpu).flat();
  const cpuW = weights(onCpu).flat();
  const gpuY = (await onGpu.predictAsync(x)) as Tensor;
  const result = {
    mode: report.mode,
    fallbacks: report.fallbacks,
    weights: maxRelError(gpuW, cpuW),
    moved: maxRelError(cpuW, weights(make()).flat()),
    predict: maxRelError(Array.from(gpuY.data), Array.from(onCpu.predict(x).data)),
  };
  await onGpu.disposeAsync();
  return result;
}

(globalThis as unknown as Record<string, unknown>).rectifyConvFit = async (mode: GpuMode) => {
  try {
    return await fitBoth(mode);
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
};
