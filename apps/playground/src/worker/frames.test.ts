import { Rng } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generate';
import { MNIST_PIXELS, loadMnist } from '../data/mnist';
import { createPlaygroundRegistry } from '../engine/registry';
import { hiddenLayers } from '../engine/trace';
import { Trainer } from '../engine/trainer';
import { defaultState } from '../state/defaults';
import { applyPatch, stack } from '../state/patch';
import type { HiddenLayerSpec } from '../state/types';
import { ChangeGate, firstLayerImages, links, mnistUnitViews, visuals } from './frames';

const registry = createPlaygroundRegistry([]);

function circles(hidden: HiddenLayerSpec[]): Trainer {
  const state = applyPatch(defaultState, { network: { hidden } });
  return new Trainer(state, generateDataset(state.dataset), registry);
}

/** MNIST-shaped data with random pixels (no package download needed). */
async function fakeMnist(hidden: HiddenLayerSpec[]): Promise<Trainer> {
  const rng = new Rng(7);
  const spec = { ...defaultState.dataset, name: 'mnist' as const, samples: 100, trainFraction: 0.8 };
  const data = await loadMnist(spec, async () => Array.from({ length: 12 * MNIST_PIXELS }, () => rng.range(0, 1)));
  return new Trainer(applyPatch({ ...defaultState, dataset: spec }, { network: { hidden } }), data, registry);
}

/** Kernel entry [r, c] read straight from the dense layer. */
const kernelAt = (t: Trainer, layer: number | 'out', r: number, c: number): number => {
  const d = layer === 'out' ? t.built.model.layers[t.built.model.layers.length - 1] : hiddenLayers(t.built, layer).unit;
  return d.param('kernel').value[r * d.param('kernel').shape[1] + c];
};

describe('weight lines of the network drawing', () => {
  it('joins inputs → hidden → hidden → outputs with the kernels of the model', () => {
    const t = circles(stack(2, 3, 'tanh').map((l, i) => ({ ...l, units: 3 + i })));
    const ls = links(t);
    expect(ls.map((l) => [l.from, l.to])).toEqual([
      [2, 3],
      [3, 4],
      [4, 1],
    ]);
    for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) expect(ls[0].w[r * 3 + c]).toBe(kernelAt(t, 0, r, c));
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) expect(ls[1].w[r * 4 + c]).toBe(kernelAt(t, 1, r, c));
    for (let r = 0; r < 4; r++) expect(ls[2].w[r]).toBe(kernelAt(t, 'out', r, 0));
    expect(ls.every((l) => !l.magnitude)).toBe(true);
  });

  it('joins the inputs straight to the output without hidden layers', () => {
    const ls = links(circles([]));
    expect(ls.map((l) => [l.from, l.to])).toEqual([[2, 1]]);
  });

  it("draws MNIST's 784 inputs as one block whose lines carry each unit's weight norm", async () => {
    const t = await fakeMnist([{ units: 5, activation: 'tanh', hyper: {} }]);
    const ls = links(t);
    expect(ls.map((l) => [l.from, l.to, l.magnitude === true])).toEqual([
      [1, 5, true],
      [5, 10, false],
    ]);
    for (let u = 0; u < 5; u++) {
      let s = 0;
      for (let p = 0; p < MNIST_PIXELS; p++) s += kernelAt(t, 0, p, u) ** 2;
      expect(ls[0].w[u]).toBeCloseTo(Math.sqrt(s), 5);
    }
  });
});

describe('MNIST unit views', () => {
  it("sends each first-layer unit's 784 incoming weights as its own image, in a fresh array", async () => {
    const t = await fakeMnist(stack(2, 6, 'tanh'));
    t.step(3);
    const { units, w } = firstLayerImages(t);
    expect(units).toBe(6);
    expect(w.length).toBe(6 * MNIST_PIXELS);
    // Its own buffer, not a view of the model's memory.
    expect(w.buffer.byteLength).toBe(w.length * 4);
    for (const [u, p] of [
      [0, 0],
      [2, 29],
      [5, 783],
      [3, 400],
    ]) {
      expect(w[u * MNIST_PIXELS + p]).toBe(kernelAt(t, 0, p, u));
    }
    const views = mnistUnitViews(t)!;
    expect(views.classes).toBe(10);
    expect(views.probeRows).toBe(80);
    // Class means for the layers after the first only: 6 units × 10 digits.
    expect(views.classMeans.map((m) => m.length)).toEqual([60]);
    // tanh means lie in [-1, 1]; every digit has probe rows here, so none is NaN.
    for (const v of views.classMeans[0]) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });

  it('sends the views only when the weights changed: a new trainer or new steps', async () => {
    const t = await fakeMnist(stack(1, 4, 'tanh'));
    const gate = new ChangeGate();
    expect(gate.changed(t)).toBe(true);
    expect(gate.changed(t)).toBe(false);
    t.step(1);
    expect(gate.changed(t)).toBe(true);
    expect(gate.changed(t)).toBe(false);
    expect((await visuals(t, false))?.mnistUnits).toBeUndefined();
    expect((await visuals(t, true))?.mnistUnits?.units).toBe(4);
    const u = await fakeMnist(stack(1, 4, 'tanh'));
    expect(gate.changed(u)).toBe(true);
  });
});
