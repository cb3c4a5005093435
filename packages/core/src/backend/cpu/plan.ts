import type { CpuLayerRunner, CpuRunnerContext, ElementwiseRunner, Layer, RowEpilogueRunner } from '../../layers/contract';
import type { Rng } from '../../random';
import type { Tensor } from '../../tensor';
import { ReusableTensor } from './reusable-tensor';

/**
 * A layer with a row epilogue (dense) and the element-wise layer right after it (an activation), run as one pass:
 * the epilogue and the element-wise kernel go over the core product one row block at a time, while the block is
 * in cache, instead of in two full sweeps. Every element sees the same float32 operations in the same order as
 * the two runners one after the other, so the results are bit-identical; both runners keep their own buffers and
 * state, so either's backward still works.
 */
class FusedRunner implements CpuLayerRunner {
  constructor(
    private readonly producer: RowEpilogueRunner,
    private readonly consumer: ElementwiseRunner,
    private readonly consumerRunner: CpuLayerRunner,
    private readonly producerRunner: CpuLayerRunner,
  ) {}

  forward(x: Tensor, training: boolean): Tensor {
    const producer = this.producer;
    const consumer = this.consumer;
    const z = producer.forwardCore(x, training);
    const y = consumer.beginForward(z, training);
    const blocks = consumer.blockCount;
    for (let b = 0, start = 0; b < blocks; b++) {
      const end = start + consumer.rowsInBlock(b);
      producer.forwardEpilogue(z, start, end);
      consumer.forwardBlock(b);
      start = end;
    }
    return y;
  }

  /**
   * When the element-wise gradient is block-wise exact, the epilogue's parameter gradient sums each block right
   * after it is computed.
   */
  backward(dy: Tensor, needInputGrad: boolean): Tensor {
    const consumer = this.consumer;
    if (!consumer.blockwiseBackward) return this.producerRunner.backward(this.consumerRunner.backward(dy, true), needInputGrad);
    const producer = this.producer;
    const dz = consumer.beginBackward(dy);
    const blocks = consumer.blockCount;
    for (let b = 0, start = 0; b < blocks; b++) {
      const end = start + consumer.rowsInBlock(b);
      consumer.backwardBlock(b);
      producer.backwardEpilogue(dz, start, end);
      start = end;
    }
    return producer.backwardCore(dz, needInputGrad);
  }
}

/** Where runners get their randomness: the model's generator, forked only when a layer first asks. */
export type RngSource = () => Rng;

/**
 * The runner of one layer, through its plugin's CPU executor, on buffers from the kernel heap; children are
 * planned the same way.
 */
export function createCpuRunner(layer: Layer, path: string, rngSource: RngSource): CpuLayerRunner {
  let rng: Rng | null = null;
  const ctx: CpuRunnerContext = {
    buffer: (sampleShape) => new ReusableTensor(sampleShape),
    runner: (child) => createCpuRunner(child, `${path}.body.${layer.children().indexOf(child)}`, rngSource),
    get rng() {
      rng ??= rngSource();
      return rng;
    },
    path,
  };
  return layer.plugin.cpu.createRunner(layer, ctx);
}

/**
 * The model's top-level layers as runners, in order. With `fuse`, a layer declaring the `rowEpilogue` capability
 * followed by one declaring `elementwise` runs as one fused pass.
 */
export function planCpuRunners(layers: readonly Layer[], fuse: boolean, rngSource: RngSource): CpuLayerRunner[] {
  const runners = layers.map((layer, i) => createCpuRunner(layer, `layers.${i}`, rngSource));
  const stages: CpuLayerRunner[] = [];
  for (let i = 0; i < runners.length; i++) {
    const producer = runners[i].rowEpilogue;
    const consumer = runners[i + 1]?.elementwise;
    const declared = layers[i].plugin.capabilities?.rowEpilogue && layers[i + 1]?.plugin.capabilities?.elementwise;
    if (fuse && declared && producer && consumer) {
      stages.push(new FusedRunner(producer, consumer, runners[i + 1], runners[i]));
      i++;
    } else {
      stages.push(runners[i]);
    }
  }
  return stages;
}
