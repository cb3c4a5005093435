import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../defaults';
import { activation, dense } from '../builtin-layers';
import { sequential } from '../model/sequential';
import { quoteName } from '../quote-name';
import { loadModel } from './load';
import { testRelu } from './test-activations';
import { formatError } from './test-support';
import { modelToJSON } from './to-json';

const registry = createDefaultRegistry().registerActivation(testRelu);
const doc = () => modelToJSON(sequential({ inputShape: [2], registry, layers: [dense(2), activation(testRelu, { cap: 2 })] }));

describe('names quoted from a model document are escaped and cut', () => {
  it('quoteName escapes control, HTML, quote and bidi characters and cuts long names', () => {
    expect(quoteName('a<b>&"c\'\u0000\u001b\u202e\\')).toBe(
      '"a\\u003cb\\u003e\\u0026\\u0022c\\u0027\\u0000\\u001b\\u202e\\u005c"',
    );
    expect(quoteName('x'.repeat(500))).toBe(`"${'x'.repeat(80)}…"`);
  });

  it('an unknown layer type with HTML and control characters', () => {
    const d = doc();
    const e = formatError(() => loadModel({ ...d, layers: [{ type: '<img onerror=x>\u0007\n' }] }, { registry }));
    expect(e.message).toBe(
      '/layers/0/type: unknown layer type "\\u003cimg onerror=x\\u003e\\u0007\\u000a"; registered: dense, activation, residual, dropout. Install its package and call registry.registerLayer(...) before loading',
    );
  });

  it('an unknown activation name inside a layer config, and a key in the path', () => {
    const d = doc();
    const layers = [d.layers[0], { type: 'activation', activation: { name: `<b>\u001b[2J${'z'.repeat(300)}` } }];
    const e = formatError(() => loadModel({ ...d, layers }, { registry }));
    expect(e.message).toMatch(/unknown activation "\\u003cb\\u003e\\u001b\[2Jz{73}…"/);
    const key = formatError(() => loadModel({ ...d, ['<x>\u0000']: 1 } as never, { registry }));
    expect(key.path).toBe('/\\u003cx\\u003e\\u0000');
  });
});

describe('hyper-parameters in a document are finite float32 numbers', () => {
  it('a cap of 1e39 (Infinity in float32) is refused with its layer path', () => {
    const d = doc();
    const layers = [d.layers[0], { ...d.layers[1], activation: { name: 'test-relu', version: '1.2.3', hyper: { cap: 1e39 } } }];
    const e = formatError(() => loadModel({ ...d, layers }, { registry }));
    expect(e.path).toBe('/layers/1');
    expect(e.message).toMatch(/hyper-parameter "cap" must be a float32 number \(magnitude at most 3\.4e38\), got 1e\+39/);
  });
});
