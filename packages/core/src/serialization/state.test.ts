import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../defaults';
import { ModelFormatError } from '../errors';
import { defineLayer } from '../layers/define';
import { dense } from '../builtin-layers/dense';
import { sequential } from '../model/sequential';
import { sgd } from '../optimizers/sgd';
import { tensor } from '../tensor';
import { loadModel } from './load';
import { modelToJSON, serializeModel } from './to-json';

// A stateful layer written for this test: the identity, with a running mean of its input (momentum 0.5) as state.
const trackMean = defineLayer<Record<string, never>>({
  type: 'track-mean',
  apiVersion: 2,
  version: '0.0.0',
  validate: (s) => s,
  parseConfig: () => ({}),
  toConfig: () => ({ type: 'track-mean' }),
  outputShape: (_s, shapes) => shapes.input,
  state: (_s, shapes) => [{ name: 'mean', shape: [...shapes.input], init: 0 }],
  trainingDiffers: true,
  cpu: {
    createRunner(layer, ctx) {
      const out = ctx.buffer(layer.outputShape);
      const grad = ctx.buffer(layer.inputShape);
      const mean = layer.state()[0].value;
      return {
        forward(x, training) {
          const y = out.get(x.shape[0]);
          y.data.set(x.data);
          if (training) {
            const n = x.shape[0];
            for (let j = 0; j < mean.length; j++) {
              let s = 0;
              for (let r = 0; r < n; r++) s += x.data[r * mean.length + j];
              mean[j] = 0.5 * mean[j] + (0.5 * s) / n;
            }
          }
          return y;
        },
        backward(dy) {
          const dx = grad.get(dy.shape[0]);
          dx.data.set(dy.data);
          return dx;
        },
      };
    },
  },
});

const registry = createDefaultRegistry().registerLayer(trackMean);

function trainedModel() {
  const model = sequential({ inputShape: [2], seed: 1, layers: [trackMean.create({}), dense(1)], registry });
  model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.1 }) });
  model.trainBatch(
    tensor([
      [1, 2],
      [3, 4],
    ]),
    tensor([[0], [1]]),
  );
  return model;
}

describe('model JSON with layer state', () => {
  it('stores state by layer path, apart from the weights, and loads it back', () => {
    const model = trainedModel();
    const doc = modelToJSON(model);
    expect(doc.state).toEqual({ 'layers.0.mean': { shape: [2], data: [1, 1.5] } });
    expect(Object.keys(doc.weights)).toEqual(['layers.1.kernel', 'layers.1.bias']);
    const loaded = loadModel(serializeModel(model), { registry });
    expect(Array.from(loaded.layers[0].state()[0].value)).toEqual([1, 1.5]);
  });

  it('leaves the state key out when no layer has state', () => {
    const model = sequential({ inputShape: [2], seed: 1, layers: [dense(1)] });
    expect('state' in modelToJSON(model)).toBe(false);
  });

  it('rejects missing, extra and misshapen state with the path', () => {
    const doc = modelToJSON(trainedModel()) as unknown as { state: Record<string, unknown> };
    const missing = { ...doc, state: {} };
    expect(() => loadModel(missing, { registry })).toThrow(ModelFormatError);
    expect(() => loadModel(missing, { registry })).toThrow(/missing state for state buffer "layers.0.mean"/);
    const extra = { ...doc, state: { ...doc.state, 'layers.1.mean': { shape: [1], data: [0] } } };
    expect(() => loadModel(extra, { registry })).toThrow(/extra state: "layers.1.mean"/);
    const shape = { ...doc, state: { 'layers.0.mean': { shape: [1, 2], data: [0, 0] } } };
    expect(() => loadModel(shape, { registry })).toThrow(/has shape \[2\] in the model but \[1, 2\]/);
  });
});
