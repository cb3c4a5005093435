import { describe, expect, it } from 'vitest';
import { formatError } from './test-support';
import { dense } from '../builtin-layers';
import { sequential } from '../model/sequential';
import { sgd } from '../optimizers';
import { tensor } from '../tensor';
import { loadModel } from './load';
import { parseModelJSON } from './parse';
import { modelToJSON, serializeModel } from './to-json';

/** A document as @rectify/core wrote it before `shuffleState` existed (written by hand, not by the serializer). */
function oldDoc(): Record<string, unknown> {
  return {
    format: 'rectify-model',
    formatVersion: 1,
    inputShape: [2],
    seed: 7,
    layers: [
      { type: 'dense', units: 1, useBias: true, kernelInitializer: { type: 'zeros' }, biasInitializer: { type: 'zeros' } },
    ],
    activations: {},
    weights: {
      'layers.0.kernel': { shape: [2, 1], data: [0.5, -0.25] },
      'layers.0.bias': { shape: [1], data: [0.125] },
    },
    training: { loss: 'mse', l2: 0, optimizer: { type: 'sgd', learningRate: 0.1 }, optimizerState: { step: 3, slots: {} } },
  };
}

function withShuffleState(value: unknown): Record<string, unknown> {
  const doc = oldDoc();
  return { ...doc, training: { ...(doc.training as object), shuffleState: value } };
}

async function trainedModel() {
  const model = sequential({ inputShape: [2], seed: 21, layers: [dense(3), dense(1)] }).compile({
    loss: 'mse',
    optimizer: sgd({ learningRate: 0.1, momentum: 0.5 }),
  });
  const x = tensor(
    Float32Array.from({ length: 14 }, (_, i) => i / 7 - 1),
    [7, 2],
  );
  const y = tensor(
    Float32Array.from({ length: 7 }, (_, i) => i % 2),
    [7, 1],
  );
  await model.fit(x, y, { epochs: 2, batchSize: 3 });
  return model;
}

describe('model JSON: training.shuffleState', () => {
  it('round-trips through the JSON text as four uint32 integers and is restored on load', async () => {
    const model = await trainedModel();
    const state = model.getShuffleState();
    // fit moved the stream: the saved words are not those of an untrained model with the same seed.
    expect(state.words).not.toEqual(
      sequential({ inputShape: [2], seed: 21, layers: [dense(3), dense(1)] }).getShuffleState().words,
    );
    const text = serializeModel(model);
    const parsed = JSON.parse(text);
    expect(parsed.training.shuffleState).toEqual([...state.words]);
    for (const w of parsed.training.shuffleState) {
      expect(Number.isInteger(w) && w >= 0 && w < 2 ** 32).toBe(true);
    }
    expect(parseModelJSON(text).training?.shuffleState).toEqual([...state.words]);
    expect(loadModel(text).getShuffleState()).toEqual(state);
    expect(loadModel(text, { compile: false }).getShuffleState()).toEqual(state);
  });

  it('is saved without the optimizer state too, and not without training', async () => {
    const model = await trainedModel();
    expect(modelToJSON(model, { includeOptimizer: false }).training?.shuffleState).toEqual([...model.getShuffleState().words]);
    expect(modelToJSON(model, { includeTraining: false }).training).toBeUndefined();
  });

  it('an older document without it loads as before: shuffling starts from the seed', () => {
    const loaded = loadModel(oldDoc());
    expect(loaded.training?.optimizer.getState().step).toBe(3);
    const fresh = sequential({ inputShape: [2], seed: 7, layers: [dense(1)] });
    expect(loaded.getShuffleState()).toEqual(fresh.getShuffleState());
    expect(parseModelJSON(oldDoc()).training?.shuffleState).toBeUndefined();
  });

  it('accepts the extreme words 0 and 2^32 - 1', () => {
    const words = [0, 2 ** 32 - 1, 0, 2 ** 32 - 1];
    expect(loadModel(withShuffleState(words)).getShuffleState().words).toEqual(words);
  });

  const malformed: [string, unknown, string, RegExp][] = [
    ['wrong type: a string', '1,2,3,4', '/training/shuffleState', /must be an array of 4 integers, got a string/],
    ['wrong type: an object', { a: 1 }, '/training/shuffleState', /must be an array of 4 integers, got an object/],
    ['wrong type: null', null, '/training/shuffleState', /must be an array of 4 integers, got null/],
    ['wrong type of a word', [1, '2', 3, 4], '/training/shuffleState/1', /is a string; every word must be an integer/],
    ['wrong length: 3', [1, 2, 3], '/training/shuffleState', /must have 4 elements, got 3/],
    ['wrong length: 5', [1, 2, 3, 4, 5], '/training/shuffleState', /must have 4 elements, got 5/],
    ['non-integer', [1, 2, 3.5, 4], '/training/shuffleState/2', /is 3\.5; every word must be an integer in \[0, 4294967295\]/],
    [
      'out of range: negative',
      [-1, 2, 3, 4],
      '/training/shuffleState/0',
      /is -1; every word must be an integer in \[0, 4294967295\]/,
    ],
    ['out of range: 2^32', [1, 2, 3, 2 ** 32], '/training/shuffleState/3', /is 4294967296; every word must be an integer/],
  ];
  it.each(malformed)('rejects %s with the path and a fix', (_, value, path, message) => {
    for (const load of [
      () => parseModelJSON(withShuffleState(value)),
      () => loadModel(JSON.stringify(withShuffleState(value))),
    ]) {
      const e = formatError(load);
      expect(e.path).toBe(path);
      expect(e.message).toMatch(message);
      expect(e.message).toContain('remove the key to restart the shuffling from the seed');
    }
  });
});
