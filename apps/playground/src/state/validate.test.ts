import { Tensor, ValidationError, dense, sequential } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import { buildModel } from '../engine/build-model';
import { generateDataset } from '../data/generate';
import { BOUNDS, MAX_SEED, boundsProblem } from './bounds';
import { defaultState } from './defaults';
import { decodeState } from './url';
import { validateState } from './validate';

const registry = createPlaygroundRegistry(playgroundPlugins);
/** A link as another program (or a hand-edited URL) could write it: raw JSON text, so 1e999 stays in. */
const link = (json: string): string => `#s=${btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
const layer = (o: string): string => `{"network":{"hidden":[${o}]}}`;
const refuse = (json: string): string => {
  try {
    decodeState(link(json), registry);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${json}`);
};

describe('one validation for the controls, the URL and the worker', () => {
  it('bounds seeds as core does: the largest seed the page accepts builds a model, one more is refused with the range', () => {
    const biggest = validateState({ training: { seed: MAX_SEED }, dataset: { seed: MAX_SEED } });
    expect(() => sequential({ inputShape: [2], layers: [dense(1)], seed: biggest.training.seed })).not.toThrow();
    expect(() => sequential({ inputShape: [2], layers: [dense(1)], seed: MAX_SEED + 1 })).toThrow(ValidationError);
    expect(refuse('{"training":{"seed":4294967296}}')).toBe(
      'a model seed of 4294967296 is too large; use a whole number from 0 to 4294967295',
    );
    expect(refuse('{"dataset":{"seed":1e20}}')).toMatch(/^a data seed of 100000000000000000000 is too large/);
    expect(refuse('{"dataset":{"seed":5e9}}')).toMatch(/^a data seed of 5000000000 is too large/);
  });

  it('names the field in words a user knows: a learning rate of 1e999 is not "null"', () => {
    expect(refuse('{"training":{"learningRate":1e999}}')).toBe(
      'a learning rate of Infinity is too large; use a number from 0.000001 to 10',
    );
    expect(refuse('{"training":{"batchSize":2.5}}')).toMatch(/^a batch size of 2.5 is not a whole number/);
    expect(refuse('{"training":{"optimizer":"rmsprop"}}')).toMatch(/^there is no optimizer called "rmsprop"/);
  });

  it('refuses what the worker could not build: unknown activations and settings, out-of-range and misfit values', () => {
    expect(refuse(layer('{"units":8,"activation":"gelu"}'))).toMatch(
      /^hidden layer 1: there is no activation called "gelu"; pick one of .*relu/,
    );
    expect(refuse(layer('{"units":8,"activation":"leaky-relu","hyper":{"slopeX":0.1}}'))).toMatch(
      /^hidden layer 1 \(Leaky ReLU\): unknown setting "slopeX"/,
    );
    expect(refuse(layer('{"units":8,"activation":"leaky-relu","hyper":{"negativeSlope":1e999}}'))).toMatch(
      /^hidden layer 1 \(Leaky ReLU\): .*negativeSlope.*Infinity/,
    );
    expect(refuse(layer('{"units":8,"activation":"prelu","hyper":{"numParameters":3}}'))).toBe(
      'hidden layer 1 (PReLU): numParameters is 3 but the layer has 8 units; use 1 (shared by all units) or 8',
    );
    expect(refuse('{"compare":["relu","nope"]}')).toMatch(/no activation called "nope"/);
  });

  it('accepts exactly what the model builder accepts (a PReLU slope per unit, the default slope count)', () => {
    const data = generateDataset({ ...defaultState.dataset, samples: 40 });
    for (const numParameters of [1, 8]) {
      const s = validateState({ network: { hidden: [{ units: 8, activation: 'prelu', hyper: { numParameters } }] } }, registry);
      const built = buildModel(s, data, registry);
      expect(built.model.predict(new Tensor(new Float32Array(2), [1, 2])).shape).toEqual([1, 1]);
    }
    // The builder itself refuses what the validation refuses.
    const misfit = {
      ...defaultState,
      network: { residual: false, hidden: [{ units: 8, activation: 'prelu', hyper: { numParameters: 3 } }] },
    };
    expect(() => buildModel(misfit, data, registry)).toThrow(/numParameters is 3 but the layer has 8 channels/);
  });

  it('L1 reaches the compiled model, defaults to 0 for links made before it existed, and is bounded like L2', () => {
    const data = generateDataset({ ...defaultState.dataset, samples: 40 });
    const s = validateState({ training: { l1: 0.003 } }, registry);
    expect(buildModel(s, data, registry).model.training?.l1).toBe(0.003);
    expect(validateState({ training: { l2: 0.01 } }, registry).training.l1).toBe(0);
    expect(() => validateState({ training: { l1: -0.5 } }, registry)).toThrow(/L1/);
  });

  it('says why a control value does not fit, with the same words', () => {
    expect(boundsProblem(BOUNDS.learningRate, 0.03)).toBeNull();
    expect(boundsProblem(BOUNDS.seed, -1)).toBe('a model seed of -1 is too small; use a whole number from 0 to 4294967295');
    expect(boundsProblem(BOUNDS.l2, undefined)).toMatch(/^the L2 must be a number, not nothing/);
  });

  it("takes input features once each, in the model's order, on the 2-D sets only; links without them are unchanged", () => {
    const s = decodeState(link('{"dataset":{"features":["sinx2","x1sq"]}}'), registry);
    expect(s?.dataset.features).toEqual(['x1sq', 'sinx2']);
    expect(decodeState(link('{"dataset":{"features":[]}}'), registry)?.dataset).toEqual(defaultState.dataset);
    expect('features' in (decodeState(link('{}'), registry)?.dataset ?? {})).toBe(false);
    expect(refuse('{"dataset":{"features":["cos"]}}')).toBe(
      'there is no input feature called "cos"; use some of x1sq, x2sq, x1x2, sinx1, sinx2',
    );
    expect(refuse('{"dataset":{"features":["x1sq","x1sq"]}}')).toBe('an input feature is listed twice; list each once');
    expect(refuse('{"dataset":{"features":"x1sq"}}')).toMatch(/^the input features must be a list/);
    expect(refuse('{"dataset":{"name":"mnist","features":["x1sq"]}}')).toMatch(/^input features apply to the 2-D data sets/);
  });
});
