import { readFileSync } from 'node:fs';
import { adam, createDefaultRegistry, dense, activation, sequential, Tensor } from '@rectify/core';
import { exportOnnx, importOnnx } from '@rectify/onnx';
import { relu } from '@rectify/relu';
import { type OnnxNodeData, onnxGraphView } from '@rectify/testkit';
import { describe, expect, it } from 'vitest';
import { avgPool2d, conv2d, flatten, globalAvgPool, maxPool2d, convLayerPlugins } from '../src';
import { conv2dOnnxImport, poolOnnxImport } from '../src/onnx-import';

const registry = createDefaultRegistry().registerActivation(relu);
for (const plugin of convLayerPlugins) registry.registerLayer(plugin);

interface Fixture {
  input: { shape: number[]; data: number[] };
  output: { shape: number[]; data: number[] };
}

function fixture(name: string): { bytes: Uint8Array; record: Fixture } {
  const dir = new URL('../fixtures/', import.meta.url);
  return {
    bytes: new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir))),
    record: JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Fixture,
  };
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}

// Fixtures: torch.onnx.export of PyTorch networks with PyTorch's own outputs (fixtures/make_lenet_onnx.py).
describe('convolutional networks written by torch.onnx.export import and predict what PyTorch predicted', () => {
  it('LeNet-5 (Conv with padding, MaxPool, AvgPool with padding, Flatten, Gemm) on 1×28×28 digits', () => {
    const { bytes, record } = fixture('lenet');
    const model = importOnnx(bytes, { registry });
    expect(model.layers.map((l) => l.type)).toEqual([
      'conv2d',
      'activation',
      'max-pool2d',
      'conv2d',
      'activation',
      'avg-pool2d',
      'flatten',
      'dense',
      'activation',
      'dense',
      'activation',
      'dense',
    ]);
    expect(model.inputShape).toEqual([1, 28, 28]);
    const x = new Tensor(Float32Array.from(record.input.data), record.input.shape);
    expect(maxRelDiff(model.predict(x).data, record.output.data)).toBeLessThan(1e-5);
  });

  it('a grouped, strided, dilated Conv and AdaptiveAvgPool2d(1) + Flatten (GlobalAveragePool)', () => {
    const { bytes, record } = fixture('gap-net');
    const model = importOnnx(bytes, { registry });
    expect(model.layers.map((l) => l.type)).toEqual(['conv2d', 'activation', 'conv2d', 'activation', 'global-avg-pool', 'dense']);
    expect(model.layers[2].config()).toMatchObject({ strides: [2, 2], dilation: [2, 2], groups: 2, padding: [2, 2] });
    const x = new Tensor(Float32Array.from(record.input.data), record.input.shape);
    expect(maxRelDiff(model.predict(x).data, record.output.data)).toBeLessThan(1e-5);
  });

  it('the imported LeNet trains further: the loss on a fixed batch falls', async () => {
    const { bytes, record } = fixture('lenet');
    const model = importOnnx(bytes, { registry, seed: 3 });
    model.compile({ loss: 'softmax-cross-entropy', optimizer: adam({ learningRate: 1e-3 }) });
    const x = new Tensor(Float32Array.from(record.input.data), record.input.shape);
    const y = new Tensor(new Float32Array(40), [4, 10]);
    for (let i = 0; i < 4; i++) y.data[i * 10 + ((i * 3) % 10)] = 1;
    const before = model.evaluate(x, y).loss;
    await model.fit(x, y, { epochs: 40, batchSize: 4, shuffle: false });
    expect(model.evaluate(x, y).loss).toBeLessThan(before * 0.5);
  });
});

describe('our own conv models round-trip through ONNX bit for bit', () => {
  it("conv ('same' with an even window), max and average pooling, global pooling and flatten", () => {
    const model = sequential({
      inputShape: [2, 8, 8],
      layers: [
        conv2d(4, 4, { padding: 'same' }),
        activation(relu),
        maxPool2d(2, { padding: 1 }),
        conv2d(4, 3, { groups: 2, strides: 2, padding: 1 }),
        avgPool2d(2, { strides: 1 }),
        conv2d(3, 1),
        globalAvgPool(),
        dense(5),
      ],
      seed: 4,
      registry,
    });
    const back = importOnnx(exportOnnx(model), { registry });
    expect(back.layers.map((l) => l.config())).toEqual(model.layers.map((l) => l.config()));
    const params = (m: typeof model) => m.paramRefs().map((r) => Array.from(r.param.value));
    expect(params(back)).toEqual(params(model));
    const x = new Tensor(
      Float32Array.from({ length: 3 * 128 }, (_, i) => Math.sin(i * 0.37)),
      [3, 2, 8, 8],
    );
    expect(back.predict(x).data).toEqual(model.predict(x).data);
    const flat = sequential({ inputShape: [2, 3, 3], layers: [flatten(), dense(2)], seed: 1, registry });
    const flatBack = importOnnx(exportOnnx(flat), { registry });
    expect(flatBack.layers.map((l) => l.type)).toEqual(['dense']); // a Flatten at the input is absorbed, as before
  });
});

describe('what the conv hooks cannot express says why', () => {
  const w = { name: 'W', dims: [2, 1, 3, 3], float_data: Array.from({ length: 18 }, (_, i) => i) };
  const reason = (hook: typeof conv2dOnnxImport, node: OnnxNodeData): string => {
    const { view, nodes } = onnxGraphView({ node: [node], initializer: [w] });
    try {
      hook.match(nodes[0], view);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  const ints = (name: string, values: number[]) => ({ name, type: 7, ints: values });

  it("Conv: asymmetric pads other than same, a computed weight; same pads become 'same'", () => {
    const conv = (attribute: OnnxNodeData['attribute'], input = ['x', 'W']) => ({
      op_type: 'Conv',
      input,
      output: ['y'],
      attribute,
    });
    expect(reason(conv2dOnnxImport, conv([ints('pads', [0, 0, 1, 1])]))).toMatch(/pads \[0, 0, 1, 1\] are asymmetric/);
    expect(reason(conv2dOnnxImport, conv([], ['x', 'z']))).toMatch(/weight must be a constant/);
    // 'same' for a 3×3 window at stride 1 is symmetric [1, 1]; an even 4-tap span puts its extra zero after.
    const { view, nodes } = onnxGraphView({
      node: [conv([ints('pads', [1, 1, 2, 2]), ints('dilations', [1, 1]), ints('kernel_shape', [4, 4])], ['x', 'W4'])],
      initializer: [{ name: 'W4', dims: [1, 1, 4, 4], float_data: new Array(16).fill(1) }],
    });
    expect(conv2dOnnxImport.match(nodes[0], view)?.config).toMatchObject({ padding: 'same' });
  });

  it('pooling: ceil_mode, used indices, count_include_pad = 0 with padding', () => {
    const pool = (op: string, attribute: OnnxNodeData['attribute'], output = ['y']) => ({
      op_type: op,
      input: ['x'],
      output,
      attribute,
    });
    const k = ints('kernel_shape', [2, 2]);
    expect(reason(poolOnnxImport('max-pool2d'), pool('MaxPool', [k, { name: 'ceil_mode', type: 2, i: 1 }]))).toMatch(
      /ceil_mode = 1/,
    );
    expect(reason(poolOnnxImport('avg-pool2d'), pool('AveragePool', [k, ints('pads', [1, 1, 1, 1])]))).toMatch(
      /count_include_pad = 0/,
    );
    const { view, nodes } = onnxGraphView({
      node: [pool('MaxPool', [k], ['y', 'idx']), { op_type: 'Identity', input: ['idx'], output: ['z'] }],
    });
    expect(() => poolOnnxImport('max-pool2d').match(nodes[0], view)).toThrow(/Indices output is used/);
    // ONNX's strides default to 1, not to the window as in PyTorch.
    const plain = onnxGraphView({ node: [pool('MaxPool', [k])] });
    expect(poolOnnxImport('max-pool2d').match(plain.nodes[0], plain.view)?.config).toEqual({
      type: 'max-pool2d',
      poolSize: [2, 2],
      strides: [1, 1],
      padding: [0, 0],
    });
  });
});
