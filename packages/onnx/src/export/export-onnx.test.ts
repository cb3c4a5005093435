import {
  activation,
  adam,
  type ConfiguredActivation,
  dense,
  residual,
  sequential,
  softmaxCrossEntropy,
  Tensor,
} from '@rectify/core';
import { elu } from '@rectify/elu';
import { leakyRelu } from '@rectify/leaky-relu';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { fullRegistry, maxRelDiff, randomInput, randomizeParams, runOrt } from '../../test/helpers';
import { checkOnnxStructure } from '../check/structure';
import { decodeOnnx } from '../import/decode';
import { int64 } from '../proto/types';
import { exportOnnx } from './export-onnx';

const registry = fullRegistry();
const TOL = 2e-5;

function mlp(act: ConfiguredActivation | string, seed: number) {
  const model = sequential({
    inputShape: [5],
    seed,
    registry,
    layers: [
      dense(8),
      typeof act === 'string' ? activation(act) : activation(act),
      dense(6),
      activation(typeof act === 'string' ? act : act),
      dense(3),
    ],
  });
  randomizeParams(model, seed + 100);
  return model;
}

const cases: [string, () => ConfiguredActivation | string, string][] = [
  ['relu', () => relu(), 'Relu'],
  ['relu capped at 1.5 (Clip)', () => relu({ cap: 1.5 }), 'Clip'],
  ['leaky relu 0.1', () => leakyRelu({ negativeSlope: 0.1 }), 'LeakyRelu'],
  ['prelu shared', () => prelu(), 'PRelu'],
  ['elu alpha 0.5', () => elu({ alpha: 0.5 }), 'Elu'],
  ['sigmoid', () => 'sigmoid', 'Sigmoid'],
  ['tanh', () => 'tanh', 'Tanh'],
  ['identity', () => 'identity', 'Identity'],
];

describe('exportOnnx, run by onnxruntime-node', () => {
  it.each(cases)('%s: same outputs as predict, structurally valid', async (_name, act, opType) => {
    const model = mlp(act(), 7);
    const bytes = exportOnnx(model);
    expect(checkOnnxStructure(bytes)).toEqual([]);
    const proto = decodeOnnx(bytes);
    const ops = proto.graph?.node?.map((n) => n.op_type);
    expect(ops).toEqual(['Gemm', opType, 'Gemm', opType, 'Gemm']);
    for (const rows of [1, 9]) {
      const x = randomInput(rows, [5], rows);
      const ours = model.predict(x);
      const theirs = await runOrt(bytes, x);
      expect(theirs.dims).toEqual([rows, 3]);
      expect(maxRelDiff(theirs.data, ours.data)).toBeLessThan(TOL);
    }
  });

  it('per-channel PReLU: slope shape [channels], each channel its own slope', async () => {
    const model = sequential({
      inputShape: [4],
      seed: 3,
      registry,
      layers: [dense(6), activation(prelu({ numParameters: 6 })), dense(2)],
    });
    randomizeParams(model, 11);
    const slope = model.paramRefs().find((r) => r.id === 'layers.1.slope');
    expect(slope?.param.value.length).toBe(6);
    // Distinct slopes, some negative, so a wrong broadcast (shared, or along the batch) changes the output.
    slope?.param.value.set([0.05, -0.4, 0.9, 0.3, -0.1, 0.6]);
    const bytes = exportOnnx(model);
    expect(checkOnnxStructure(bytes)).toEqual([]);
    const init = decodeOnnx(bytes).graph?.initializer?.find((t) => t.name === 'layers.1.slope');
    expect(init?.dims?.map(int64)).toEqual([6]);
    const x = randomInput(16, [4], 5);
    const theirs = await runOrt(bytes, x);
    expect(maxRelDiff(theirs.data, model.predict(x).data)).toBeLessThan(TOL);
  });

  it('shared PReLU slope has shape [1]', () => {
    const model = sequential({ inputShape: [3], registry, layers: [dense(4), activation(prelu), dense(1)] });
    const init = decodeOnnx(exportOnnx(model)).graph?.initializer?.find((t) => t.name === 'layers.1.slope');
    expect(init?.dims?.map(int64)).toEqual([1]);
  });

  it('residual blocks (identity skip and projection skip) match predict', async () => {
    const model = sequential({
      inputShape: [4],
      seed: 9,
      registry,
      layers: [
        dense(6),
        activation(relu),
        residual([dense(6), activation(elu), dense(6)]),
        residual([dense(3), activation(prelu({ numParameters: 3 }))]),
        activation('tanh'),
        dense(2),
      ],
    });
    randomizeParams(model, 13);
    const bytes = exportOnnx(model, { producerName: 'test' });
    expect(checkOnnxStructure(bytes)).toEqual([]);
    const proto = decodeOnnx(bytes);
    expect(proto.producer_name).toBe('test');
    const names = proto.graph?.initializer?.map((t) => t.name).sort();
    expect(names).toEqual(
      model
        .paramRefs()
        .map((r) => r.id)
        .sort(),
    );
    expect(names).toContain('layers.3.projection.kernel');
    expect(proto.graph?.node?.filter((n) => n.op_type === 'Add').map((n) => n.name)).toEqual(['layers.2', 'layers.3']);
    const x = randomInput(12, [4], 21);
    const theirs = await runOrt(bytes, x);
    expect(maxRelDiff(theirs.data, model.predict(x).data)).toBeLessThan(TOL);
  });

  it('softmax: true appends Softmax over the last axis', async () => {
    const model = mlp(relu(), 4);
    const bytes = exportOnnx(model, { softmax: true });
    expect(checkOnnxStructure(bytes)).toEqual([]);
    const x = randomInput(5, [5], 8);
    const logits = model.predict(x).data;
    const probs = (await runOrt(bytes, x)).data;
    // Independent truth: float64 softmax of our logits.
    const expected = new Float64Array(logits.length);
    for (let r = 0; r < 5; r++) {
      const row = Array.from(logits.subarray(r * 3, r * 3 + 3));
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      e.forEach((v, j) => {
        expected[r * 3 + j] = v / s;
      });
    }
    expect(maxRelDiff(probs, expected)).toBeLessThan(TOL);
  });

  it('a model trained with fit exports to the same function', async () => {
    const model = sequential({
      inputShape: [2],
      seed: 1,
      registry,
      layers: [dense(8), activation(prelu({ numParameters: 8 })), dense(3)],
    });
    const x = randomInput(64, [2], 2);
    const labels = new Float32Array(64 * 3);
    for (let r = 0; r < 64; r++) labels[r * 3 + (x.data[r * 2] > 0 ? (x.data[r * 2 + 1] > 0 ? 0 : 1) : 2)] = 1;
    model.compile({ loss: softmaxCrossEntropy(), optimizer: adam({ learningRate: 0.05 }) });
    await model.fit(x, new Tensor(labels, [64, 3]), { epochs: 5, batchSize: 16 });
    const slopes = model.paramRefs().find((r) => r.id === 'layers.1.slope')?.param.value as Float32Array;
    expect(new Set(slopes).size).toBeGreaterThan(1); // training moved the slopes apart
    const bytes = exportOnnx(model);
    expect(maxRelDiff((await runOrt(bytes, x)).data, model.predict(x).data)).toBeLessThan(TOL);
  });
});
