import { ModelFormatError, ValidationError } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generate';
import { defaultState } from '../state/defaults';
import { applyPatch, stack } from '../state/patch';
import { exportModel, importModel } from './model-io';
import { createPlaygroundRegistry } from './registry';
import { Trainer } from './trainer';

const registry = createPlaygroundRegistry([]);
const state = applyPatch(defaultState, { network: { hidden: stack(2, 6, 'tanh'), residual: true } });
const data = generateDataset(state.dataset);

describe('model export and import', () => {
  it('an exported model imports with the same outputs', async () => {
    const t = new Trainer(state, data, registry);
    t.step(30);
    const text = await exportModel(t);
    const back = importModel(text, registry, state, data);
    expect(back.outputGrid(8)).toEqual(t.outputGrid(8));
    expect(back.built.places).toEqual(t.built.places);
  });

  it('rejects broken files with a message that names the problem', () => {
    expect(() => importModel('{"format": "rectify-model", ', registry, state, data)).toThrow(ModelFormatError);
    expect(() => importModel('{"hello": 1}', registry, state, data)).toThrow(/format/);
  });

  it('rejects a model whose shape does not fit the data', async () => {
    const t = new Trainer(state, data, registry);
    const mnistLike = { ...data, inputDim: 784, outputDim: 10, name: 'mnist' };
    const saved = await exportModel(t);
    expect(() => importModel(saved, registry, state, mnistLike)).toThrow(ValidationError);
    expect(() => importModel(saved, registry, state, mnistLike)).toThrow(/pick the data set/);
  });

  it('imports a model trained on input features only with those features on, and gives its outputs back', async () => {
    const wide = applyPatch(state, { dataset: { features: ['x1sq', 'sinx2'] } });
    const t = new Trainer(wide, data, registry);
    t.step(20);
    const saved = await exportModel(t);
    expect(importModel(saved, registry, wide, data).outputGrid(8)).toEqual(t.outputGrid(8));
    expect(() => importModel(saved, registry, state, data)).toThrow(
      'the model maps [4] → [1] but the "circles" data need [2] → [1]; pick the data set and input features the model was trained on',
    );
    const plain = await exportModel(new Trainer(state, data, registry));
    expect(() => importModel(plain, registry, wide, data)).toThrow(/data with its input features need \[4\] → \[1\]/);
  });
});
