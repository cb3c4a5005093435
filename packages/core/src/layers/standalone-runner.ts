import { Rng } from '../random';
import { Tensor } from '../tensor';
import type { CpuLayerRunner, CpuRunnerContext, Layer, RowBuffer } from './contract';

/** A {@link RowBuffer} over a plain Float32Array, grown when a larger batch comes. */
class PlainRowBuffer implements RowBuffer {
  private data = new Float32Array(0);
  private readonly views = new Map<number, Tensor>();
  private readonly sampleSize: number;

  constructor(readonly sampleShape: readonly number[]) {
    this.sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  }

  get(rows: number): Tensor {
    const cached = this.views.get(rows);
    if (cached) return cached;
    const size = rows * this.sampleSize;
    if (size > this.data.length) {
      this.data = new Float32Array(size);
      this.views.clear();
    }
    const view = new Tensor(this.data.subarray(0, size), [rows, ...this.sampleShape]);
    this.views.set(rows, view);
    return view;
  }
}

/**
 * The runner behind `Layer.forward` / `backward`: the layer's own CPU executor over plain arrays, with children
 * run the same way and a generator seeded with 0 for training-time randomness. Kernels give the same bits on plain
 * arrays as on the CPU backend's kernel heap.
 */
export function standaloneRunner(layer: Layer, path = 'layer'): CpuLayerRunner {
  const ctx: CpuRunnerContext = {
    buffer: (sampleShape) => new PlainRowBuffer(sampleShape),
    runner: (child) => standaloneRunner(child, `${path}.${layer.children().indexOf(child)}`),
    rng: new Rng(0),
    path,
  };
  return layer.plugin.cpu.createRunner(layer, ctx);
}
