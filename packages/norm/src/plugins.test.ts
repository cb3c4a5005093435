import {
  adam,
  createDefaultRegistry,
  createRng,
  dense,
  loadModel,
  sequential,
  serializeModel,
  tensor,
  ValidationError,
} from '@rectify/core';
import * as rectifyOnnx from '@rectify/onnx';
import { describeLayerConformance, layerSubject, onnxruntimeRunner } from '@rectify/testkit';
import * as gpujs from 'gpu.js';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { batchNorm, batchNormPlugin, layerNorm, layerNormPlugin } from './index';

const GPU = ((gpujs as unknown as { default?: typeof gpujs }).default ?? gpujs).GPU as never;
const registry = createDefaultRegistry().registerLayer(batchNormPlugin).registerLayer(layerNormPlugin);
const gpu = { GPU, modes: ['headlessgl', 'webasm', 'cpu'] };
const onnx = onnxruntimeRunner(rectifyOnnx, ort as never);
const onnxProto = rectifyOnnx.buildOnnxModelProto;

describeLayerConformance(layerSubject(() => batchNorm(), [4], { registry, gpu, onnx, onnxProto }));
describeLayerConformance(
  layerSubject(() => batchNorm(), [3, 2, 2], { registry, gpu, onnx, onnxProto }),
  { batch: 3 },
);
describeLayerConformance(
  layerSubject(() => batchNorm({ eps: 1e-3, momentum: 0.3 }), [2], { registry, gpu, onnx, onnxProto }),
  {
    batch: 2,
    inputScale: 2,
  },
);
describeLayerConformance(layerSubject(() => layerNorm(), [6], { registry, gpu, onnx, onnxProto }));
describeLayerConformance(
  layerSubject(() => layerNorm(), [2, 3], { registry, gpu, onnx, onnxProto }),
  { inputScale: 3 },
);

describe('batchNorm / layerNorm settings', () => {
  it('have PyTorch defaults: eps 1e-5, momentum 0.1, weight 1, bias 0, running mean 0, running variance 1', () => {
    const model = sequential({ inputShape: [3], seed: 1, layers: [batchNorm(), layerNorm()], registry });
    const [bn, ln] = model.layers;
    expect(bn.settings).toEqual({ eps: 1e-5, momentum: 0.1 });
    expect(ln.settings).toEqual({ eps: 1e-5 });
    expect(Array.from(bn.param('weight').value)).toEqual([1, 1, 1]);
    expect(Array.from(bn.param('bias').value)).toEqual([0, 0, 0]);
    expect(bn.state().map((s) => [s.name, Array.from(s.value)])).toEqual([
      ['runningMean', [0, 0, 0]],
      ['runningVar', [1, 1, 1]],
    ]);
    expect(bn.params().every((p) => !p.decay)).toBe(true);
  });

  it('reject bad values with a ValidationError naming the field and the default', () => {
    expect(() => batchNorm({ eps: 0 })).toThrow(ValidationError);
    expect(() => batchNorm({ eps: Number.NaN })).toThrow(/eps must be a finite number > 0/);
    expect(() => batchNorm({ momentum: 1.5 })).toThrow(/momentum must be in \[0, 1\]/);
    expect(() => layerNorm({ eps: -1 })).toThrow(/layer-norm: eps/);
  });

  it('reject unknown or mistyped config fields when loading', () => {
    expect(() => batchNormPlugin.fromConfig({ type: 'batch-norm', epsilon: 1e-5 }, registry)).toThrow(
      /unknown config field "epsilon"/,
    );
    expect(() => layerNormPlugin.fromConfig({ type: 'layer-norm', eps: '1e-5' }, registry)).toThrow(/must be a number/);
  });
});

describe('BatchNorm in a model', () => {
  it('trains, keeps its running statistics in model JSON, and predicts with them', async () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 64 }, () => [3 + 2 * rng.normal(), -1 + 0.5 * rng.normal()]);
    const ys = xs.map(([a, b]) => [a - 3 > 2 * (b + 1) ? 1 : 0]);
    const model = sequential({ inputShape: [2], seed: 7, layers: [batchNorm(), dense(1)], registry });
    model.compile({ loss: 'bce-with-logits', optimizer: adam({ learningRate: 0.05 }) });
    await model.fit(tensor(xs), tensor(ys), { epochs: 30, batchSize: 16 });
    const [mean, variance] = model.layers[0].state().map((s) => Array.from(s.value));
    // The running statistics approach the data's (mean 3 and -1, variance 4 and 0.25) from 0 and 1.
    expect(mean[0]).toBeGreaterThan(2.5);
    expect(mean[1]).toBeLessThan(-0.8);
    expect(variance[0]).toBeGreaterThan(2.5);
    expect(variance[1]).toBeLessThan(0.5);
    expect(model.evaluate(tensor(xs), tensor(ys)).accuracy).toBeGreaterThan(0.9);
    const loaded = loadModel(serializeModel(model), { registry });
    expect(loaded.layers[0].state().map((s) => Array.from(s.value))).toEqual([mean, variance]);
    expect(Array.from(loaded.predict(tensor(xs)).data)).toEqual(Array.from(model.predict(tensor(xs)).data));
  });
});

describe('BatchNorm and LayerNorm through importOnnx', () => {
  it("a trained model exported to ONNX comes back through the plugins' import hooks with the same weights, state and predictions", async () => {
    const rng = createRng(5);
    const xs = Array.from({ length: 48 }, () => [2 + rng.normal(), -3 + 2 * rng.normal(), rng.normal()]);
    const ys = xs.map(([a, b]) => [a + 0.3 * b > 1 ? 1 : 0]);
    const model = sequential({
      inputShape: [3],
      seed: 11,
      layers: [dense(5), batchNorm({ momentum: 0.3 }), layerNorm({ eps: 1e-3 }), dense(1)],
      registry,
    });
    model.compile({ loss: 'bce-with-logits', optimizer: adam({ learningRate: 0.05 }) });
    await model.fit(tensor(xs), tensor(ys), { epochs: 5, batchSize: 16 });
    const back = rectifyOnnx.importOnnx(rectifyOnnx.exportOnnx(model), { registry });
    expect(back.layers.map((l) => l.type)).toEqual(['dense', 'batch-norm', 'layer-norm', 'dense']);
    expect(back.layers[1].settings).toEqual({ eps: 1e-5, momentum: 0.3 });
    expect(back.layers[2].settings).toEqual({ eps: 1e-3 });
    for (const [i, layer] of model.layers.entries()) {
      const other = back.layers[i];
      for (const p of layer.params())
        expect(Array.from(other.param(p.name).value), `${layer.type} ${p.name}`).toEqual(Array.from(p.value));
      expect(other.state().map((s) => Array.from(s.value))).toEqual(layer.state().map((s) => Array.from(s.value)));
    }
    expect(Array.from(back.predict(tensor(xs)).data)).toEqual(Array.from(model.predict(tensor(xs)).data));
  });

  it('without the plugins registered, the import names the operators and how to register them', () => {
    const model = sequential({ inputShape: [3], seed: 1, layers: [dense(4), batchNorm(), layerNorm()], registry });
    const bytes = rectifyOnnx.exportOnnx(model);
    expect(() => rectifyOnnx.importOnnx(bytes, { registry: createDefaultRegistry() })).toThrow(
      /BatchNormalization.*LayerNormalization.*registered plugin's import hook/,
    );
  });
});
