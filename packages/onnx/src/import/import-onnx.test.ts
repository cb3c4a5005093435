import { readFileSync } from 'node:fs';
import { activation, adam, dense, defaultRegistry, mse, residual, sequential, Tensor } from '@rectify/core';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { fullRegistry, maxRelDiff, randomInput, randomizeParams, runOrt } from '../../test/helpers';
import { UnsupportedOnnxError } from '../errors';
import { exportOnnx } from '../export/export-onnx';
import { importOnnx, importOnnxWithReport } from './import-onnx';

interface Fixture {
  ops: string[];
  input: { shape: number[]; data: number[] };
  output: { shape: number[]; data: number[] };
}

function fixture(name: string): { bytes: Uint8Array; record: Fixture } {
  const dir = new URL('../../fixtures/', import.meta.url);
  return {
    bytes: new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir))),
    record: JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Fixture,
  };
}

function softmaxRows(logits: Float32Array, cols: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let r = 0; r < logits.length / cols; r++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) m = Math.max(m, logits[r * cols + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(logits[r * cols + j] - m);
    for (let j = 0; j < cols; j++) out[r * cols + j] = Math.exp(logits[r * cols + j] - m) / s;
  }
  return out;
}

const registry = fullRegistry();
const TOL = 2e-5;

// Each fixture was written by torch.onnx.export (fixtures/make-fixtures.py) with torch's outputs on seeded inputs.
const cases: [string, string[]][] = [
  ['relu', ['dense', 'relu', 'dense', 'relu', 'dense']],
  ['leaky-relu', ['dense', 'leaky-relu', 'dense', 'leaky-relu', 'dense']],
  ['prelu-shared', ['dense', 'prelu', 'dense', 'prelu', 'dense']],
  ['prelu-per-channel', ['dense', 'prelu', 'dense', 'prelu', 'dense']],
  ['elu', ['dense', 'elu', 'dense', 'elu', 'dense']],
  ['sigmoid', ['dense', 'sigmoid', 'dense', 'sigmoid', 'dense']],
  ['tanh', ['dense', 'tanh', 'dense', 'tanh', 'dense']],
  ['relu6', ['dense', 'relu', 'dense', 'relu', 'dense']],
  ['relu6-opset11', ['dense', 'relu', 'dense', 'relu', 'dense']],
  ['leaky-relu-opset9', ['dense', 'leaky-relu', 'dense', 'dense']],
  ['softmax', ['dense', 'relu', 'dense']],
  ['flatten', ['dense', 'tanh', 'dense']],
  ['residual', ['dense', 'relu', 'residual', 'residual', 'dense']],
  ['matmul-add', ['dense', 'sigmoid', 'dense']],
  ['tanh-initializers-as-inputs', ['dense', 'tanh', 'dense', 'tanh', 'dense']],
];

function layerKinds(model: ReturnType<typeof importOnnx>): string[] {
  return model.layers.map((l) => {
    const cfg = l.config() as { type: string; activation?: { name: string } };
    return cfg.type === 'activation' ? (cfg.activation?.name ?? '') : cfg.type;
  });
}

describe('importOnnx on torch.onnx.export fixtures', () => {
  it.each(cases)('%s: predicts what torch computed', async (name, kinds) => {
    const { bytes, record } = fixture(name);
    const { model, droppedSoftmax, flattenedInput } = importOnnxWithReport(bytes, { registry });
    expect(layerKinds(model)).toEqual(kinds);
    const rows = record.input.shape[0];
    const x = new Tensor(Float32Array.from(record.input.data), [rows, record.input.data.length / rows]);
    const y = model.predict(x).data;
    const expected = droppedSoftmax ? softmaxRows(y, record.output.shape[1]) : y;
    expect(droppedSoftmax).toBe(name === 'softmax');
    expect(flattenedInput).toBe(name === 'flatten');
    expect(maxRelDiff(expected, record.output.data)).toBeLessThan(TOL);
    // The fixture itself, run by onnxruntime, agrees with torch: the file means what the JSON says.
    const ortIn = new Tensor(Float32Array.from(record.input.data), record.input.shape);
    expect(maxRelDiff((await runOrt(bytes, ortIn)).data, record.output.data)).toBeLessThan(TOL);
  });

  it('keeps the ReLU6 cap, leaky slope, ELU alpha and per-channel PReLU slopes', () => {
    const cap = importOnnx(fixture('relu6').bytes, { registry }).layers[1].config() as unknown as {
      activation: { hyper: { cap: number } };
    };
    expect(cap.activation.hyper.cap).toBe(6);
    const leaky = importOnnx(fixture('leaky-relu').bytes, { registry }).layers[1].config() as unknown as {
      activation: { hyper: { negativeSlope: number } };
    };
    expect(leaky.activation.hyper.negativeSlope).toBe(Math.fround(0.1));
    const perChannel = importOnnx(fixture('prelu-per-channel').bytes, { registry });
    const slope = perChannel.paramRefs().find((r) => r.id === 'layers.1.slope')?.param.value;
    // make-fixtures.py sets the slopes to torch.linspace(-0.5, 0.9, 8).
    const expected = Array.from({ length: 8 }, (_, i) => -0.5 + (1.4 * i) / 7);
    expect(maxRelDiff(slope ?? [], expected)).toBeLessThan(1e-6);
  });

  it('residual: the identity skip and the projection skip become residual blocks', () => {
    const model = importOnnx(fixture('residual').bytes, { registry });
    const ids = model.paramRefs().map((r) => r.id);
    expect(ids).toContain('layers.3.projection.kernel');
    expect(ids).not.toContain('layers.2.projection.kernel');
  });

  it('an imported model trains further with compile + fit', async () => {
    const model = importOnnx(fixture('relu').bytes, { registry, seed: 5 });
    const x = randomInput(128, [4], 3);
    // Targets from a fixed linear map of the inputs: the imported network is far from it at first.
    const t = new Float32Array(128 * 3);
    for (let r = 0; r < 128; r++) for (let j = 0; j < 3; j++) t[r * 3 + j] = x.data[r * 4 + j] - 0.5 * x.data[r * 4 + 3];
    const y = new Tensor(t, [128, 3]);
    model.compile({ loss: mse(), optimizer: adam({ learningRate: 0.01 }) });
    const before = model.evaluate(x, y).loss;
    const history = await model.fit(x, y, { epochs: 30, batchSize: 32 });
    expect(history.stopReason).toBe('completed');
    expect(model.evaluate(x, y).loss).toBeLessThan(before * 0.5);
  });

  it('round trip: export then import gives the same function', () => {
    const model = sequential({
      inputShape: [3],
      registry,
      layers: [dense(5), activation(prelu({ numParameters: 5 })), residual([dense(5), activation(relu({ cap: 2 }))]), dense(2)],
    });
    randomizeParams(model, 4);
    const back = importOnnx(exportOnnx(model, { softmax: true }), { registry });
    const x = randomInput(10, [3], 6);
    expect(maxRelDiff(back.predict(x).data, model.predict(x).data)).toBeLessThan(1e-6);
  });

  it('lists every unsupported operator at once', () => {
    const { bytes } = fixture('unsupported');
    let error: unknown;
    try {
      importOnnx(bytes, { registry });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedOnnxError);
    expect((error as UnsupportedOnnxError).operators).toEqual(['Abs', 'Mul', 'Pow']);
    expect((error as Error).message).toMatch(/Abs.*Mul.*Pow/);
  });

  it('names the operator no registered plugin imports, and how to register one', () => {
    let error: unknown;
    try {
      importOnnx(fixture('prelu-shared').bytes, { registry: defaultRegistry });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedOnnxError);
    expect((error as UnsupportedOnnxError).operators).toEqual(['PRelu']);
    expect((error as Error).message).toMatch(/PRelu.*registered plugin's import hook.*registry/);
    // With the plugin registered, its hook imports the same file.
    expect(importOnnx(fixture('prelu-shared').bytes, { registry }).layers.length).toBeGreaterThan(0);
  });

  it('the exported form of an import runs in onnxruntime like the original file', async () => {
    const { bytes, record } = fixture('residual');
    const model = importOnnx(bytes, { registry });
    const x = new Tensor(Float32Array.from(record.input.data), record.input.shape);
    expect(maxRelDiff((await runOrt(exportOnnx(model), x)).data, record.output.data)).toBeLessThan(TOL);
  });
});
