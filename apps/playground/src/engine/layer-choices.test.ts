import { type Layer, tensor } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generate';
import { defaultState } from '../state/defaults';
import { applyPatch, stack } from '../state/patch';
import type { HiddenLayerSpec, PlaygroundState } from '../state/types';
import { links } from '../worker/frames';
import { buildModel, placesOf } from './build-model';
import { exportModel, importModel } from './model-io';
import { createPlaygroundRegistry } from './registry';
import { hiddenLayers, traceHidden } from './trace';
import { Trainer } from './trainer';

const registry = createPlaygroundRegistry([]);

const withHidden = (hidden: HiddenLayerSpec[], over: Partial<PlaygroundState['training']> = {}, residual = false) =>
  applyPatch(defaultState, { network: { hidden, residual }, training: over });
const types = (layers: readonly Layer[]) => layers.map((l) => l.type);
const stateOf = (l: Layer, name: string) => l.state().find((s) => s.name === name)!.value;

describe('hidden layer choices in the built model', () => {
  const data = generateDataset(defaultState.dataset);

  it('builds dense → norm → activation → dropout, and Maxout with an identity after it', () => {
    const state = withHidden([
      { units: 8, activation: 'tanh', hyper: {}, norm: 'batch-norm', dropout: 0.2 },
      { units: 5, activation: 'tanh', hyper: {}, unit: 'maxout', norm: 'layer-norm' },
      { units: 4, activation: 'sigmoid', hyper: {} },
    ]);
    const { model, places } = buildModel(state, data, registry);
    expect(types(model.layers)).toEqual([
      'dense',
      'batch-norm',
      'activation',
      'dropout',
      'maxout',
      'layer-norm',
      'activation',
      'dense',
      'activation',
      'dense',
    ]);
    expect(places).toEqual([
      { top: 0, count: 4, inResidual: false },
      { top: 4, count: 3, inResidual: false },
      { top: 7, count: 2, inResidual: false },
    ]);
    expect((model.layers[3].settings as { rate: number }).rate).toBe(0.2);
    expect(model.layers[4].param('kernel').shape).toEqual([8, 5 * 2]);
    expect(model.layers[6].config()).toMatchObject({ activation: { name: 'identity' } });
    // An imported copy of the same layers is recognised the same way.
    expect(placesOf(model)).toEqual(places);
  });

  it('puts the whole hidden layer in the residual block', () => {
    const state = withHidden(
      [
        { units: 6, activation: 'tanh', hyper: {} },
        { units: 6, activation: 'tanh', hyper: {}, norm: 'layer-norm', dropout: 0.1 },
      ],
      {},
      true,
    );
    const { model, places } = buildModel(state, data, registry);
    expect(types(model.layers)).toEqual(['dense', 'activation', 'residual', 'dense']);
    expect(types(model.layers[2].children())).toEqual(['dense', 'layer-norm', 'activation', 'dropout']);
    expect(places[1]).toEqual({ top: 2, count: 1, inResidual: true });
    expect(placesOf(model)).toEqual(places);
  });

  it('a BatchNorm model trains: the loss falls, the running statistics move, the trace reads the normalised values', () => {
    const state = withHidden(
      stack(2, 8, 'tanh').map((h) => ({ ...h, norm: 'batch-norm' as const })),
      { learningRate: 0.03 },
    );
    const t = new Trainer(state, data, registry);
    const bn = t.built.model.layers[1];
    expect(bn.type).toBe('batch-norm');
    const before = t.evaluate();
    t.step(300);
    const after = t.evaluate();
    expect(after.trainLoss).toBeLessThan(before.trainLoss / 3);
    expect(after.testAccuracy).toBeGreaterThan(0.9);
    const mean = stateOf(bn, 'runningMean');
    const variance = stateOf(bn, 'runningVar');
    expect(Array.from(mean).some((m) => m !== 0)).toBe(true);
    expect(Array.from(variance).some((v) => v !== 1)).toBe(true);

    // pre = BatchNorm in inference, worked out here in float64 from the dense weights and the running statistics.
    const points = [
      [0.5, -1],
      [0, 0],
      [-2, 1.5],
      [3, 3],
    ];
    const [trace] = traceHidden(t.built, tensor(points));
    expect(stateOf(bn, 'runningMean')).toEqual(mean); // inference leaves the statistics alone
    const { unit } = hiddenLayers(t.built, 0);
    const weight = bn.param('weight').value;
    const bias = bn.param('bias').value;
    const kernel = unit.param('kernel').value;
    const dBias = unit.param('bias').value;
    points.forEach(([x1, x2], r) => {
      for (let u = 0; u < 8; u++) {
        const z = x1 * kernel[u] + x2 * kernel[8 + u] + dBias[u];
        const expected = ((z - mean[u]) / Math.sqrt(variance[u] + 1e-5)) * weight[u] + bias[u];
        expect(trace.pre[r * 8 + u]).toBeCloseTo(expected, 4);
        expect(trace.post[r * 8 + u]).toBeCloseTo(Math.tanh(trace.pre[r * 8 + u]), 5);
      }
    });
    const stats = t.stats();
    expect(stats.map((s) => s.units)).toEqual([8, 8]);
  });

  it('Maxout and dropout layers train, and the drawing gets one line per input and unit', () => {
    const state = withHidden(
      [
        { units: 6, activation: 'relu', hyper: {}, unit: 'maxout' },
        { units: 5, activation: 'tanh', hyper: {}, dropout: 0.3 },
      ],
      { learningRate: 0.03 },
    );
    const t = new Trainer(state, data, registry);
    const before = t.evaluate();
    t.step(300);
    expect(t.evaluate().trainLoss).toBeLessThan(before.trainLoss / 2);
    expect(links(t).map((l) => [l.from, l.to])).toEqual([
      [2, 6],
      [6, 5],
      [5, 1],
    ]);
    // Maxout's drawn weight is the mean of its two pieces: unit 3, input 1.
    const k = t.built.model.layers[0].param('kernel').value;
    expect(links(t)[0].w[1 * 6 + 3]).toBeCloseTo((k[1 * 12 + 6] + k[1 * 12 + 7]) / 2, 6);
    // An identity after Maxout: no unit is ever called dead through it.
    expect(t.stats()[0].dead.every((d) => !d)).toBe(true);
    expect(t.stats().map((s) => s.activation)).toEqual(['maxout', 'tanh']);
  });

  it('a model with every choice saves and loads as JSON with the same outputs and places', async () => {
    const state = withHidden([
      { units: 6, activation: 'tanh', hyper: {}, norm: 'batch-norm', dropout: 0.2 },
      { units: 4, activation: 'tanh', hyper: {}, unit: 'maxout', norm: 'layer-norm' },
    ]);
    const t = new Trainer(state, data, registry);
    t.step(20);
    const back = importModel(await exportModel(t), registry, state, data);
    expect(back.outputGrid(6)).toEqual(t.outputGrid(6));
    expect(back.built.places).toEqual(t.built.places);
  });
});
