import { describe, expect, it } from 'vitest';
import { formatError } from './test-support';
import { parseModelJSON } from './parse';

/** A minimal valid document: dense 2 → 1, written by hand (not by the serializer under test). */
function validDoc(): Record<string, unknown> {
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
    training: {
      loss: 'mse',
      l2: 0,
      optimizer: { type: 'sgd', learningRate: 0.1 },
      optimizerState: { step: 3, slots: { 'layers.0.kernel': { velocity: [0, 0] } } },
    },
  };
}

describe('parseModelJSON: valid documents', () => {
  it('accepts a hand-written document as text and as data, keeping every value', () => {
    const doc = validDoc();
    for (const input of [JSON.stringify(doc), doc]) {
      const parsed = parseModelJSON(input);
      expect(parsed.inputShape).toEqual([2]);
      expect(parsed.weights['layers.0.kernel']).toEqual({ shape: [2, 1], data: [0.5, -0.25] });
      expect(parsed.training?.optimizerState?.step).toBe(3);
    }
  });

  it('keeps the sign of a -0 weight written as -0 in the text', () => {
    const text = JSON.stringify(validDoc()).replace('[0.125]', '[-0]');
    expect(Object.is(parseModelJSON(text).weights['layers.0.bias'].data[0], -0)).toBe(true);
  });
});

describe('parseModelJSON: rejects bad documents with a JSON-pointer path', () => {
  it('an unknown top-level key', () => {
    const e = formatError(() => parseModelJSON({ ...validDoc(), extra: 1 }));
    expect(e.path).toBe('/extra');
    expect(e.message).toContain('unknown key "extra"');
  });

  it('an unknown nested key', () => {
    const doc = validDoc();
    (doc.weights as Record<string, Record<string, unknown>>)['layers.0.bias'].dtype = 'float32';
    const e = formatError(() => parseModelJSON(doc));
    expect(e.path).toBe('/weights/layers.0.bias/dtype');
    expect(e.message).toContain('unknown key "dtype"');
    const doc2 = validDoc();
    (doc2.training as Record<string, unknown>).schedule = 'cosine';
    expect(formatError(() => parseModelJSON(doc2)).path).toBe('/training/schedule');
  });

  it('a missing required key', () => {
    const { seed: _seed, ...doc } = validDoc();
    const e = formatError(() => parseModelJSON(doc));
    expect(e.path).toBe('/seed');
    expect(e.message).toContain('"seed" is missing');
  });

  it('wrong types', () => {
    const e = formatError(() => parseModelJSON({ ...validDoc(), inputShape: '2' }));
    expect(e.path).toBe('/inputShape');
    expect(e.message).toContain('must be an array, got a string');
    const e2 = formatError(() => parseModelJSON({ ...validDoc(), layers: [{ type: 3 }] }));
    expect(e2.path).toBe('/layers/0/type');
    expect(e2.message).toContain('must be a string, got a number');
    expect(formatError(() => parseModelJSON({ ...validDoc(), seed: 1.5 })).message).toContain('must be an integer');
  });

  it('not JSON at all', () => {
    const e = formatError(() => parseModelJSON('{"format": "rectify-model",'));
    expect(e.message).toContain('is not valid JSON');
  });

  it('an unknown format', () => {
    const e = formatError(() => parseModelJSON({ ...validDoc(), format: 'keras' }));
    expect(e.path).toBe('/format');
    expect(e.message).toContain('unknown format "keras"');
    expect(e.message).toContain('rectify-model');
  });

  it('an unknown format version', () => {
    const e = formatError(() => parseModelJSON({ ...validDoc(), formatVersion: 2 }));
    expect(e.path).toBe('/formatVersion');
    expect(e.message).toContain('unsupported formatVersion 2');
  });

  it('a weight array of the wrong size, naming the parameter and both sizes', () => {
    const doc = validDoc();
    (doc.weights as Record<string, { data: number[] }>)['layers.0.kernel'].data = [1, 2, 3];
    const e = formatError(() => parseModelJSON(doc));
    expect(e.path).toBe('/weights/layers.0.kernel/data');
    expect(e.message).toContain('layers.0.kernel');
    expect(e.message).toContain('needs 2 values');
    expect(e.message).toContain('has 3');
  });

  it('an optimizer slot of the wrong size', () => {
    const doc = validDoc();
    (doc.training as { optimizerState: { slots: Record<string, Record<string, number[]>> } }).optimizerState.slots[
      'layers.0.kernel'
    ].velocity = [0, 0, 0];
    const e = formatError(() => parseModelJSON(doc));
    expect(e.path).toBe('/training/optimizerState/slots/layers.0.kernel/velocity');
    expect(e.message).toContain('needs 2 values');
    expect(e.message).toContain('has 3');
  });

  it('a non-finite number in JSON text (1e400 parses to Infinity)', () => {
    const text = JSON.stringify(validDoc()).replace('[0.125]', '[1e400]');
    const e = formatError(() => parseModelJSON(text));
    expect(e.path).toBe('/weights/layers.0.bias/data/0');
    expect(e.message).toContain('Infinity is not a finite number');
  });

  it('NaN in already-parsed data', () => {
    const doc = validDoc();
    (doc.weights as Record<string, { data: number[] }>)['layers.0.kernel'].data = [Number.NaN, 1];
    const e = formatError(() => parseModelJSON(doc));
    expect(e.path).toBe('/weights/layers.0.kernel/data/0');
    expect(e.message).toContain('NaN');
  });

  it('a value beyond the float32 range', () => {
    const doc = validDoc();
    (doc.weights as Record<string, { data: number[] }>)['layers.0.bias'].data = [1e39];
    const e = formatError(() => parseModelJSON(doc));
    expect(e.path).toBe('/weights/layers.0.bias/data/0');
    expect(e.message).toContain('float32 range');
  });

  it('a negative dimension', () => {
    const doc = validDoc();
    (doc.weights as Record<string, { shape: number[] }>)['layers.0.bias'].shape = [-1];
    const e = formatError(() => parseModelJSON(doc));
    expect(e.path).toBe('/weights/layers.0.bias/shape/0');
    expect(e.message).toContain('dimension -1 is invalid');
  });

  it('a non-integer dimension', () => {
    const e = formatError(() => parseModelJSON({ ...validDoc(), inputShape: [2.5] }));
    expect(e.path).toBe('/inputShape/0');
    expect(e.message).toContain('dimension 2.5 is invalid');
  });

  it('a huge declared shape fails on the shape, before anything is allocated', () => {
    const doc = validDoc();
    // 2^60 elements: allocating it would throw a RangeError, not this ModelFormatError.
    (doc.weights as Record<string, unknown>)['layers.0.kernel'] = { shape: [2 ** 30, 2 ** 30], data: [] };
    const e = formatError(() => parseModelJSON(doc));
    expect(e.path).toBe('/weights/layers.0.kernel/shape');
    expect(e.message).toContain(`more than ${2 ** 24} elements`);
  });

  it('a tensor within the per-tensor limit but over the total parameter limit', () => {
    const e = formatError(() => parseModelJSON(validDoc(), { maxParameters: 2 }));
    expect(e.path).toBe('/weights/layers.0.bias');
    expect(e.message).toContain('more than 2 parameters in total');
    expect(e.message).toContain('maxParameters');
  });

  it('absurd nesting depth in the text, before JSON.parse', () => {
    const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    const text = JSON.stringify(validDoc()).replace('"seed":7', `"seed":7,"deep":${deep}`);
    const e = formatError(() => parseModelJSON(text));
    expect(e.message).toContain('deeper than 64 levels');
  });

  it('absurd nesting depth in data', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = { type: 'x', inner: deep };
    const e = formatError(() => parseModelJSON({ ...validDoc(), layers: [deep] }));
    expect(e.message).toContain('deeper than 64 levels');
    expect(e.path.startsWith('/layers/0/inner/inner')).toBe(true);
  });

  it('brackets inside strings do not count as nesting', () => {
    const doc = validDoc();
    (doc.layers as Record<string, unknown>[])[0] = { ...(doc.layers as Record<string, unknown>[])[0], note: '[[[[[[[[\\"[[[[' };
    expect(() => parseModelJSON(JSON.stringify(doc), { maxDepth: 6 })).not.toThrow();
  });

  it('too many layers', () => {
    const layers = Array.from({ length: 5 }, () => ({ type: 'activation' }));
    const e = formatError(() => parseModelJSON({ ...validDoc(), layers }, { maxLayers: 4 }));
    expect(e.path).toBe('/layers');
    expect(e.message).toContain('more than the limit of 4');
  });

  it('text longer than the limit', () => {
    const text = JSON.stringify(validDoc());
    const e = formatError(() => parseModelJSON(text, { maxTextLength: 100 }));
    expect(e.message).toContain(`${text.length} characters long`);
    expect(e.message).toContain('maxTextLength');
  });

  for (const key of ['__proto__', 'constructor', 'prototype']) {
    it(`a "${key}" key anywhere`, () => {
      const text = JSON.stringify(validDoc()).replace('"units":1', `"units":1,"${key}":{"polluted":true}`);
      const e = formatError(() => parseModelJSON(text));
      expect(e.path).toBe(`/layers/0/${key}`);
      expect(e.message).toContain(`the key "${key}" is not allowed`);
    });
  }

  it('a __proto__ payload does not pollute Object.prototype', () => {
    const text = JSON.stringify(validDoc()).replace('"format"', '"__proto__":{"polluted":"yes","toString":1},"format"');
    formatError(() => parseModelJSON(text));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(typeof {}.toString).toBe('function');
  });

  it('a getter is rejected without being called', () => {
    let calls = 0;
    const doc = validDoc();
    Object.defineProperty(doc, 'seed', {
      enumerable: true,
      get() {
        calls++;
        return 7;
      },
    });
    const e = formatError(() => parseModelJSON(doc));
    expect(e.path).toBe('/seed');
    expect(e.message).toContain('accessor');
    expect(calls).toBe(0);
  });

  it('a class instance instead of plain data', () => {
    const e = formatError(() => parseModelJSON({ ...validDoc(), inputShape: new Float32Array([2]) }));
    expect(e.path).toBe('/inputShape');
    expect(e.message).toContain('not a plain object');
  });

  it('optimizer state for a parameter that does not exist', () => {
    const doc = validDoc();
    (doc.training as { optimizerState: { slots: Record<string, unknown> } }).optimizerState.slots['layers.9.kernel'] = { m: [1] };
    const e = formatError(() => parseModelJSON(doc));
    expect(e.path).toBe('/training/optimizerState/slots/layers.9.kernel');
    expect(e.message).toContain('not a parameter in weights');
  });

  it('an activation version that is not semver', () => {
    const e = formatError(() => parseModelJSON({ ...validDoc(), activations: { relu: 'latest' } }));
    expect(e.path).toBe('/activations/relu');
    expect(e.message).toContain('not a semver string');
  });
});
