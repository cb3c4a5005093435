import {
  adam,
  createDefaultRegistry,
  dense,
  loadModel,
  sequential,
  serializeModel,
  tensor,
  ValidationError,
} from '@rectify/core';
import * as rectifyOnnx from '@rectify/onnx';
import { gpuBackend } from '@rectify/gpu';
import { describeLayerConformance, layerSubject, onnxruntimeRunner } from '@rectify/testkit';
import * as gpujs from 'gpu.js';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { maxout, maxoutPlugin } from './index';

const GPU = ((gpujs as unknown as { default?: typeof gpujs }).default ?? gpujs).GPU as never;
const registry = createDefaultRegistry().registerLayer(maxoutPlugin);

const options = {
  registry,
  gpu: { GPU, modes: ['headlessgl', 'webasm', 'cpu'] },
  onnx: onnxruntimeRunner(rectifyOnnx, ort as never),
};
describeLayerConformance(layerSubject(() => maxout(3, 2), [5], options));
describeLayerConformance(
  layerSubject(() => maxout(2, 4), [4], options),
  { batch: 6 },
);

describe('maxout', () => {
  it('validates its settings', () => {
    expect(() => maxout(0)).toThrow(ValidationError);
    expect(() => maxout(4, 1)).toThrow(/pieces must be an integer ≥ 2/);
    expect(() => maxoutPlugin.fromConfig({ type: 'maxout', units: 2, pieces: 2, bias: true }, registry)).toThrow(
      /unknown config field "bias"/,
    );
  });

  const x = tensor([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const y = tensor([[0], [1], [1], [0]]);

  async function trainedXor() {
    const model = sequential({ inputShape: [2], seed: 5, layers: [maxout(8, 2), dense(1)], registry });
    model.compile({ loss: 'bce-with-logits', optimizer: adam({ learningRate: 0.05 }) });
    await model.fit(x, y, { epochs: 300, batchSize: 4 });
    return model;
  }

  it('learns XOR in a model and survives model JSON', async () => {
    const model = await trainedXor();
    expect(model.evaluate(x, y).accuracy).toBe(1);
    const loaded = loadModel(serializeModel(model), { registry });
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });

  it('trains on @rectify/gpu (headless-gl) through its gpu executor, to the CPU backend weights', () => {
    const fallbacks: unknown[] = [];
    const make = (backend?: ReturnType<typeof gpuBackend>) => {
      const m = sequential({ inputShape: [2], seed: 5, layers: [maxout(8, 3), dense(1)], registry });
      m.compile({ loss: 'bce-with-logits', optimizer: adam({ learningRate: 0.01 }), ...(backend ? { backend } : {}) });
      return m;
    };
    const onGpu = make(gpuBackend({ mode: 'headlessgl', onFallback: (f) => fallbacks.push(f) }));
    const onCpu = make();
    for (let i = 0; i < 5; i++) {
      onGpu.trainBatch(x, y);
      onCpu.trainBatch(x, y);
    }
    onGpu.sync();
    expect(fallbacks).toEqual([]);
    const cpu = onCpu.layers.flatMap((l) => l.params().map((p) => p.value));
    const gpu = onGpu.layers.flatMap((l) => l.params().map((p) => p.value));
    cpu.forEach((values, k) => {
      for (let i = 0; i < values.length; i++) expect(gpu[k][i]).toBeCloseTo(values[i], 4);
    });
  }, 120_000);
});
