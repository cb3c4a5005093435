import { cpuBackend, kernelInfo, sgd, Tensor } from '@rectify/core';
import { imageBatch, oursLenet } from '../cnn/lenet';
import { LENET_BATCH } from './cnn-step';
import type { MnistSplit } from '../mnist-data';
import { oursMlp, rowsTensor } from '../mlp/ours';
import { mlpProducts } from '../mlp/products';
import { BATCH, initialWeights, MLP_SIZES } from '../mlp/weights';
import type { BenchActivation } from '../plugins';
import { measureSync } from '../timing';

/** One configuration of the scaling table. */
export interface ScalingConfig {
  readonly threads: number;
  readonly fma: boolean;
}

/** One measured configuration (ms), or why it could not run. */
export interface ScalingRow extends ScalingConfig {
  readonly fwd?: number;
  readonly fwdMin?: number;
  readonly step?: number;
  readonly stepMin?: number;
  /** The MLP's matrix products alone (see `mlpProducts`): the forward's and the step's, best median. */
  readonly productsFwd?: number;
  readonly productsStep?: number;
  readonly skipped?: string;
}

const ROUNDS = 3;

/** The configurations: 1 and 2 threads (or every core, when there are more), FMA off and on. */
export function scalingConfigs(cores: number): ScalingConfig[] {
  const counts = [...new Set([1, 2, cores])].filter((t) => t <= Math.max(2, cores));
  return [false, true].flatMap((fma) => counts.map((threads) => ({ threads, fma })));
}

/**
 * The 784-256-128-10 MLP's forward pass and training step at batch 128 for every configuration, in interleaved
 * rounds (best median of each), so that all see the same share of the machine's other load.
 */
export function measureScaling(
  act: BenchActivation,
  data: MnistSplit,
  configs: ScalingConfig[],
  model: 'mlp' | 'lenet' = 'mlp',
): ScalingRow[] {
  const weights = initialWeights();
  const lenet = model === 'lenet';
  const x = lenet ? imageBatch(data.x, 0, LENET_BATCH) : rowsTensor(data.x, MLP_SIZES[0], 0, BATCH);
  const y = lenet ? new Tensor(data.y.subarray(0, LENET_BATCH * 10), [LENET_BATCH, 10]) : rowsTensor(data.y, 10, 0, BATCH);
  const build = (c: ScalingConfig) => {
    const backend = cpuBackend({ threads: c.threads, fma: c.fma });
    return lenet ? oursLenet(sgd({ learningRate: 0.01 }), 1, backend) : oursMlp(act, weights, backend);
  };
  const opts = { warmup: 10, warmupMs: 500, minSamples: 15, minTimeMs: 500 };
  interface Case extends ScalingConfig {
    model: ReturnType<typeof build> | null;
    skipped?: string;
    fwd: number;
    fwdMin: number;
    step: number;
    stepMin: number;
    productsFwd?: number;
    productsStep?: number;
  }
  const products = lenet ? null : mlpProducts(weights);
  const cases = configs.map((c): Case => {
    const times = { fwd: Infinity, fwdMin: Infinity, step: Infinity, stepMin: Infinity };
    try {
      return { ...c, ...times, model: build(c) };
    } catch (e) {
      return { ...c, ...times, model: null, skipped: (e as Error).message };
    }
  });
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of cases) {
      if (!r.model) continue;
      const model = r.model;
      const f = measureSync(() => model.predict(x), opts);
      const s = measureSync(() => model.trainBatch(x, y), opts);
      r.fwd = Math.min(r.fwd, f.medianMs);
      r.fwdMin = Math.min(r.fwdMin, f.minMs);
      r.step = Math.min(r.step, s.medianMs);
      r.stepMin = Math.min(r.stepMin, s.minMs);
      if (products) {
        // Right after this configuration's model calls, which applied its threads and FMA setting to the kernels.
        const pf = measureSync(products.forward, opts).medianMs;
        const ps = measureSync(products.step, opts).medianMs;
        r.productsFwd = Math.min(r.productsFwd ?? Infinity, pf);
        r.productsStep = Math.min(r.productsStep ?? Infinity, ps);
      }
    }
  }
  return cases.map(({ model, ...r }) => {
    model?.dispose();
    return r.skipped ? { threads: r.threads, fma: r.fma, skipped: r.skipped } : r;
  });
}

/** What the default `cpuBackend()` runs here, for the report's facts. */
export function scalingFacts(): string {
  const info = kernelInfo().matmul;
  return `${info.fma ? 'on' : 'off'}: ${info.fmaReason}`;
}
