import { describe, expect, it } from 'vitest';
import { formatError } from './test-support';
import { createDefaultRegistry } from '../defaults';
import { ValidationError } from '../errors';
import { activation, dense, residual } from '../builtin-layers';
import type { LayerConfig } from '../layers';
import { sequential } from '../model/sequential';
import { adam } from '../optimizers';
import type { Registry } from '../registry';
import { Rng } from '../random';
import { type Tensor, tensor } from '../tensor';
import type { ModelJSON } from './format';
import { loadModel } from './load';
import { modelToJSON, serializeModel } from './to-json';
import { testPrelu, testRelu } from './test-activations';

function registry(): Registry {
  return createDefaultRegistry().registerActivation(testRelu).registerActivation(testPrelu);
}

function buildModel(reg: Registry) {
  return sequential({
    inputShape: [3],
    seed: 1234,
    registry: reg,
    layers: [
      dense(6),
      activation(testRelu),
      residual([dense(6), activation('tanh')]),
      residual([dense(4), activation(testPrelu, { channels: 4 })]),
      activation(testRelu, { cap: 2 }),
      dense(2),
    ],
  });
}

function batch(seed: number, rows: number, cols: number): Tensor {
  const rng = new Rng(seed);
  return tensor(
    Float32Array.from({ length: rows * cols }, () => rng.normal()),
    [rows, cols],
  );
}

/** The float32 bit patterns, so -0 vs 0 and NaN payloads count as differences. */
function bits(a: Float32Array): number[] {
  return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
}

function weightBits(model: ReturnType<typeof buildModel>): Record<string, number[]> {
  return Object.fromEntries(model.paramRefs().map(({ id, param }) => [id, bits(param.value)]));
}

describe('serializeModel → loadModel round trip', () => {
  it('restores identical weights, predictions and optimizer state, and training continues identically', () => {
    const reg = registry();
    const model = buildModel(reg).compile({ loss: 'mse', optimizer: adam({ learningRate: 0.01 }), l2: 0.001 });
    const x = batch(1, 16, 3);
    const y = batch(2, 16, 2);
    for (let i = 0; i < 5; i++) model.trainBatch(x, y);
    // A -0 weight must keep its sign (JSON.stringify would write it as 0).
    model.paramRefs()[1].param.value[0] = -0;

    const text = serializeModel(model);
    const loaded = loadModel(text, { registry: reg });

    expect(weightBits(loaded)).toEqual(weightBits(model));
    expect(Object.is(loaded.paramRefs()[1].param.value[0], -0)).toBe(true);
    const probe = batch(3, 7, 3);
    expect(bits(loaded.predict(probe).data)).toEqual(bits(model.predict(probe).data));
    expect(loaded.training?.optimizer.getState()).toEqual(model.training?.optimizer.getState());
    expect(loaded.training?.l2).toBe(0.001);
    expect(loaded.training?.loss.name).toBe('mse');

    for (let i = 0; i < 4; i++) {
      const xs = batch(10 + i, 8, 3);
      const ys = batch(20 + i, 8, 2);
      expect(loaded.trainBatch(xs, ys)).toBe(model.trainBatch(xs, ys));
    }
    expect(weightBits(loaded)).toEqual(weightBits(model));
  });

  it('without the optimizer state, a loaded model is compiled with a fresh optimizer of the same config', () => {
    const reg = registry();
    const model = buildModel(reg).compile({ loss: 'mse', optimizer: adam({ learningRate: 0.02 }) });
    model.trainBatch(batch(1, 4, 3), batch(2, 4, 2));
    const doc = modelToJSON(model, { includeOptimizer: false });
    expect(doc.training?.optimizerState).toBeUndefined();
    const loaded = loadModel(JSON.parse(JSON.stringify(doc)), { registry: reg });
    expect(loaded.training?.optimizer.config()).toEqual(model.training?.optimizer.config());
    expect(loaded.training?.optimizer.getState().step).toBe(0);
  });

  it('an uncompiled model round-trips as data and loads uncompiled', () => {
    const reg = registry();
    const model = buildModel(reg);
    const doc = modelToJSON(model);
    expect(doc.training).toBeUndefined();
    expect(doc.activations).toEqual({ 'test-relu': '1.2.3', tanh: reg.activation('tanh').version, 'test-prelu': '0.4.0' });
    const loaded = loadModel(doc, { registry: reg });
    expect(loaded.training).toBeNull();
    expect(weightBits(loaded)).toEqual(weightBits(model));
  });

  it('writes random float32 weights as short text that reads back bit-exactly', () => {
    const reg = registry();
    const model = buildModel(reg);
    const rng = new Rng(99);
    for (const { param } of model.paramRefs()) {
      for (let i = 0; i < param.value.length; i++) param.value[i] = rng.normal() * 10 ** rng.int(20) * 1e-10;
    }
    const text = serializeModel(model);
    const parsed = JSON.parse(text) as ModelJSON;
    for (const { id, param } of model.paramRefs()) {
      expect(bits(Float32Array.from(parsed.weights[id].data))).toEqual(bits(param.value));
    }
    expect(weightBits(loadModel(text, { registry: reg }))).toEqual(weightBits(model));
  });
});

describe('modelToJSON rejects what JSON cannot hold', () => {
  it('a NaN weight, naming the parameter', () => {
    const model = buildModel(registry());
    model.paramRefs()[2].param.value[1] = Number.NaN;
    expect(() => modelToJSON(model)).toThrow(ValidationError);
    expect(() => modelToJSON(model)).toThrow(/parameter layers\.2\.projection\.kernel|parameter layers\.2\.body\.0\.kernel/);
    expect(() => modelToJSON(model)).toThrow(`parameter ${model.paramRefs()[2].id} element 1 is NaN`);
  });

  it('an Infinity weight', () => {
    const model = buildModel(registry());
    model.paramRefs()[0].param.value[0] = Number.NEGATIVE_INFINITY;
    expect(() => serializeModel(model)).toThrow(`parameter ${model.paramRefs()[0].id} element 0 is -Infinity`);
  });

  it('omits hyper-parameters equal to their defaults (a cap of Infinity) but keeps others', () => {
    const doc = modelToJSON(buildModel(registry()));
    expect(doc.layers[1]).toEqual({ type: 'activation', activation: { name: 'test-relu', version: '1.2.3', hyper: {} } });
    expect(doc.layers[4]).toEqual({ type: 'activation', activation: { name: 'test-relu', version: '1.2.3', hyper: { cap: 2 } } });
  });
});

describe('loadModel rejects inconsistent documents', () => {
  const goodDoc = (): ModelJSON => JSON.parse(serializeModel(buildModel(registry()).compile({ loss: 'mse', optimizer: adam() })));

  it('an unknown activation plugin: lists the registered ones and says to install and register it', () => {
    const reg = createDefaultRegistry().registerActivation(testRelu);
    const e = formatError(() => loadModel(goodDoc(), { registry: reg }));
    expect(e.path).toBe('/activations/test-prelu');
    expect(e.message).toContain('"test-prelu"');
    expect(e.message).toContain('registered: identity, sigmoid, tanh, test-relu');
    expect(e.message).toContain('registerActivation');
    // The package the plugin declared when the model was saved, not a name guessed from the plugin's.
    expect(e.message).toContain('Install its package (npm i rectify-test-prelu)');
    expect(e.message).not.toContain('@rectify/test-prelu');
  });

  it('an unknown activation plugin that declared no package: says the model does not record it, guesses nothing', () => {
    const doc = goodDoc();
    expect(doc.activationPackages).toEqual({ 'test-prelu': 'rectify-test-prelu' });
    const { activationPackages: _, ...older } = doc;
    const e = formatError(() => loadModel(older, { registry: createDefaultRegistry() }));
    expect(e.message).toContain('Install the package that provides it (the model does not record which)');
    expect(e.message).not.toContain('@rectify/');
  });

  it('activationPackages naming an activation the model does not use, or not a package name', () => {
    const doc = goodDoc();
    const stray = formatError(() => loadModel({ ...doc, activationPackages: { 'test-gelu': 'x' } }, { registry: registry() }));
    expect(stray.path).toBe('/activationPackages/test-gelu');
    const bad = formatError(() =>
      loadModel({ ...doc, activationPackages: { 'test-prelu': 'Not A Package' } }, { registry: registry() }),
    );
    expect(bad.message).toContain('is not an npm package name');
  });

  it('a plugin major version newer than the registered one', () => {
    const doc = goodDoc();
    const e = formatError(() =>
      loadModel({ ...doc, activations: { ...doc.activations, 'test-relu': '2.0.0' } }, { registry: registry() }),
    );
    expect(e.path).toBe('/activations/test-relu');
    expect(e.message).toContain('version 2.0.0, newer than the registered version 1.2.3');
  });

  /** The document as if saved with `test-relu` at `version`: in the activations table and in its layers alike. */
  const savedWithTestRelu = (version: string): ModelJSON => {
    const doc = goodDoc();
    const restamp = (layer: LayerConfig): LayerConfig => {
      const spec = layer.activation as { name: string } | undefined;
      if (spec?.name === 'test-relu') return { ...layer, activation: { ...spec, version } };
      if (Array.isArray(layer.layers)) return { ...layer, layers: layer.layers.map(restamp) };
      return layer;
    };
    return { ...doc, activations: { ...doc.activations, 'test-relu': version }, layers: doc.layers.map(restamp) };
  };

  it('an older or same-major plugin version is accepted', () => {
    expect(() => loadModel(savedWithTestRelu('1.9.0'), { registry: registry() })).not.toThrow();
    expect(() => loadModel(savedWithTestRelu('1.0.0'), { registry: registry() })).not.toThrow();
  });

  it("a layer whose declared plugin version differs from the document's activations table (version rule)", () => {
    const doc = savedWithTestRelu('1.2.3');
    const layers = doc.layers.map((l) =>
      (l.activation as { name?: string } | undefined)?.name === 'test-relu'
        ? { ...l, activation: { ...(l.activation as object), version: '99.0.0' } }
        : l,
    );
    const e = formatError(() => loadModel({ ...doc, layers }, { registry: registry() }));
    expect(e.path).toMatch(/^\/layers\/\d+\/activation\/version$/);
    expect(e.message).toContain(
      'declares activation "test-relu" version "99.0.0", but the document\'s activations table lists 1.2.3',
    );
  });

  it('an unknown layer type', () => {
    const doc = goodDoc();
    const layers = [...doc.layers];
    layers[1] = { type: 'conv2d', filters: 3 };
    const e = formatError(() => loadModel({ ...doc, layers }, { registry: registry() }));
    expect(e.path).toBe('/layers/1/type');
    expect(e.message).toContain('unknown layer type "conv2d"; registered: dense, activation, residual');
    expect(e.message).toContain('registerLayer');
  });

  it('an unknown layer type nested in a residual block', () => {
    const doc = goodDoc();
    const layers = [...doc.layers];
    layers[2] = { type: 'residual', layers: [{ type: 'conv2d' }], projection: false };
    const e = formatError(() => loadModel({ ...doc, layers }, { registry: registry() }));
    expect(e.path).toBe('/layers/2');
    expect(e.message).toContain('unknown layer type "conv2d"');
  });

  it('a residual body entry that is not a layer config (null, a number, an array) is a ModelFormatError', () => {
    for (const bad of [null, 3, [], 'dense']) {
      const doc = goodDoc();
      const layers = [...doc.layers];
      layers[2] = { type: 'residual', layers: [bad], projection: false } as unknown as LayerConfig;
      const e = formatError(() => loadModel({ ...doc, layers }, { registry: registry() }));
      expect(e.path.startsWith('/layers/2')).toBe(true);
    }
  });

  it('an invalid layer config, reported by the layer plugin with the layer path', () => {
    const doc = goodDoc();
    const layers = [...doc.layers];
    layers[0] = { ...layers[0], useBias: 'yes' };
    const e = formatError(() => loadModel({ ...doc, layers }, { registry: registry() }));
    expect(e.path).toBe('/layers/0');
    expect(e.message).toContain('useBias');
  });

  it('missing weights', () => {
    const doc = goodDoc();
    const { 'layers.0.bias': _bias, ...weights } = doc.weights;
    const e = formatError(() => loadModel({ ...doc, weights }, { registry: registry() }));
    expect(e.path).toBe('/weights/layers.0.bias');
    expect(e.message).toContain('missing weights for parameter "layers.0.bias"');
  });

  it('extra weights', () => {
    const doc = goodDoc();
    const weights = { ...doc.weights, 'layers.1.kernel': { shape: [1], data: [0] } };
    const e = formatError(() => loadModel({ ...doc, weights }, { registry: registry() }));
    expect(e.path).toBe('/weights/layers.1.kernel');
    expect(e.message).toContain('extra weights');
  });

  it('weights whose shape differs from the parameter', () => {
    const doc = goodDoc();
    const weights = { ...doc.weights, 'layers.0.bias': { shape: [2, 3], data: [0, 0, 0, 0, 0, 0] } };
    const e = formatError(() => loadModel({ ...doc, weights }, { registry: registry() }));
    expect(e.path).toBe('/weights/layers.0.bias/shape');
    expect(e.message).toContain('[6] in the model but [2, 3] in the document');
  });

  it('a dense config with huge units fails before building allocates its kernel', () => {
    const doc = goodDoc();
    const layers = [...doc.layers];
    layers[0] = { ...layers[0], units: 2 ** 27 }; // a [3, 2^27] kernel would be 1.5 GiB
    const e = formatError(() => loadModel({ ...doc, layers }, { registry: registry() }));
    expect(e.path).toBe('/layers/0/units');
    expect(e.message).toContain(`${2 ** 27} units, so its kernel is [3, ${2 ** 27}]`);
    expect(e.message).toContain('[3, 6]');
  });

  it('an activation used by a layer but not declared', () => {
    const doc = goodDoc();
    const { tanh: _tanh, ...activations } = doc.activations;
    const e = formatError(() => loadModel({ ...doc, activations }, { registry: registry() }));
    expect(e.path).toBe('/activations');
    expect(e.message).toContain('uses the activation "tanh"');
  });

  it('an activation declared but unused', () => {
    const doc = goodDoc();
    const e = formatError(() =>
      loadModel({ ...doc, activations: { ...doc.activations, sigmoid: '0.1.0' } }, { registry: registry() }),
    );
    expect(e.path).toBe('/activations/sigmoid');
    expect(e.message).toContain('no layer uses');
  });

  it('an unknown loss', () => {
    const doc = goodDoc();
    const e = formatError(() => loadModel({ ...doc, training: { ...doc.training!, loss: 'hinge' } }, { registry: registry() }));
    expect(e.path).toBe('/training/loss');
    expect(e.message).toContain('unknown loss "hinge"');
  });

  it('an unknown optimizer type', () => {
    const doc = goodDoc();
    const e = formatError(() =>
      loadModel(
        { ...doc, training: { ...doc.training!, optimizer: { type: 'lion', learningRate: 0.1 } } },
        { registry: registry() },
      ),
    );
    expect(e.path).toBe('/training/optimizer');
    expect(e.message).toContain('unknown optimizer type "lion"');
  });

  it('a __proto__ payload in a layer config does not pollute Object.prototype', () => {
    const text = serializeModel(buildModel(registry())).replace('"units":6', '"units":6,"__proto__":{"polluted":true}');
    formatError(() => loadModel(text, { registry: registry() }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
