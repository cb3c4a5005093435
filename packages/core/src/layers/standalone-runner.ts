import { Rng } from '../random';
import { RowViews } from '../utils/row-views';
import type { CpuLayerRunner, CpuRunnerContext, Layer } from './contract';

/**
 * The runner behind `Layer.forward` / `backward`: the layer's own CPU executor over plain arrays, with children
 * run the same way and a generator seeded with 0 for training-time randomness. Kernels give the same bits on plain
 * arrays as on the CPU backend's kernel heap.
 */
export function standaloneRunner(layer: Layer, path = 'layer'): CpuLayerRunner {
  const ctx: CpuRunnerContext = {
    buffer: (sampleShape) => new RowViews(sampleShape, (length) => new Float32Array(length)),
    runner: (child) => standaloneRunner(child, `${path}.${layer.children().indexOf(child)}`),
    rng: new Rng(0),
    path,
  };
  return layer.plugin.cpu.createRunner(layer, ctx);
}
