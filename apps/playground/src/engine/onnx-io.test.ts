import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ModelFormatError, PluginError, RectifyError, ValidationError } from '@rectify/core';
import { UnsupportedOnnxError } from '@rectify/onnx';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generate';
import { defaultState } from '../state/defaults';
import { applyPatch, stack } from '../state/patch';
import { exportOnnxModel, hiddenSpecsOf, importOnnxModel } from './onnx-io';
import { playgroundPlugins } from './plugins';
import { createPlaygroundRegistry } from './registry';
import { Trainer } from './trainer';

const registry = createPlaygroundRegistry(playgroundPlugins);
const state = applyPatch(defaultState, { network: { hidden: stack(2, 6, 'leaky-relu'), residual: true } });
const data = generateDataset(state.dataset);
const read = (rel: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(rel, import.meta.url))));

describe('ONNX export and import in the playground', () => {
  it('an exported model imports back with the same outputs and layers', async () => {
    const t = new Trainer(state, data, registry);
    t.step(40);
    const back = importOnnxModel(await exportOnnxModel(t), registry, state, data);
    const a = t.outputGrid(8);
    const b = back.trainer.outputGrid(8);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 6);
    expect(back.trainer.built.places).toEqual(t.built.places);
    expect(hiddenSpecsOf(back.trainer)).toEqual({
      hidden: [
        { units: 6, activation: 'leaky-relu', hyper: { negativeSlope: 0.01 } },
        { units: 6, activation: 'leaky-relu', hyper: { negativeSlope: 0.01 } },
      ],
      residual: true,
    });
    expect(back.notes[0]).toMatch(/^rectify.*opset 17$/);
    // It trains further.
    back.trainer.step(5);
    expect(back.trainer.steps).toBe(5);
  });

  it('a softmax head is dropped on import, and the importer says so', async () => {
    const t = new Trainer(state, data, registry);
    const back = importOnnxModel(await exportOnnxModel(t, true), registry, state, data);
    expect(back.notes.join(' ')).toMatch(/Softmax/);
  });

  it('imports the torch fixture with its dead units (built in by the fixture: 2 of 6, then 3 of 5)', () => {
    const plain = applyPatch(defaultState, {});
    const { trainer } = importOnnxModel(read('../../e2e/fixtures/circles-relu.onnx'), registry, plain, data);
    const stats = trainer.stats();
    expect(stats.map((s) => [s.activation, s.units, s.dead.filter(Boolean).length])).toEqual([
      ['relu', 6, 2],
      ['relu', 5, 3],
    ]);
    expect(stats[0].dead).toEqual([true, false, false, true, false, false]);
  });

  it('rejects a torch model whose shape does not fit the data, naming the fix', () => {
    const bytes = read('../../../../packages/onnx/fixtures/relu.onnx');
    expect(() => importOnnxModel(bytes, registry, state, data)).toThrow(ValidationError);
    expect(() => importOnnxModel(bytes, registry, state, data)).toThrow(/\[4\] → \[3\].*pick the data set/);
  });

  it('lists every unsupported operator', () => {
    const bytes = read('../../../../packages/onnx/fixtures/unsupported.onnx');
    expect(() => importOnnxModel(bytes, registry, state, data)).toThrow(UnsupportedOnnxError);
    expect(() => importOnnxModel(bytes, registry, state, data)).toThrow(/Abs.*Mul.*Pow/);
  });

  it('rejects a broken file with a RectifyError', () => {
    const good = read('../../e2e/fixtures/circles-relu.onnx');
    const truncated = good.slice(0, Math.floor(good.length / 2));
    expect(() => importOnnxModel(truncated, registry, state, data)).toThrow(RectifyError);
    expect(() => importOnnxModel(new TextEncoder().encode('not onnx at all'), registry, state, data)).toThrow(ModelFormatError);
  });

  it('cannot export the third-party Swish: the PluginError names the layer', async () => {
    const swish = applyPatch(defaultState, { network: { hidden: [...stack(1, 4, 'relu'), ...stack(1, 4, 'swish')] } });
    const t = new Trainer(swish, data, registry);
    await expect(exportOnnxModel(t)).rejects.toThrow(PluginError);
    await expect(exportOnnxModel(t)).rejects.toThrow(/layers\.3.*swish/);
  });
});
