import {
  createDefaultRegistry,
  createRegistry,
  defineLayer,
  type LayerPlugin,
  type OnnxNodeView,
  ModelFormatError,
  Tensor,
  ValidationError,
} from '@rectify/core';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { errorOf, randomInput } from '../../test/helpers';
import type { ModelProto, NodeProto, TensorProto } from '../proto/types';
import { encodeMessage } from '../proto/writer';
import { importableOnnxOps, importOnnx, STRUCTURAL_ONNX_OPS } from './import-onnx';

// Graphs written by hand with the ONNX semantics computed independently in each test (plain loops in float64).

const registry = createDefaultRegistry().registerActivation(relu);

const floatValue = (name: string, dims: number[]) => ({
  name,
  type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_param: 'batch' }, ...dims.map((d) => ({ dim_value: d }))] } } },
});

function model(node: NodeProto[], initializer: TensorProto[], inputs: number, outputs: number, opset = 17): Uint8Array {
  return encodeMessage('ModelProto', {
    ir_version: 8,
    opset_import: [{ domain: '', version: opset }],
    graph: { node, initializer, input: [floatValue('input', [inputs])], output: [floatValue('output', [outputs])] },
  } satisfies ModelProto as unknown as Record<string, unknown>);
}

const tensor = (name: string, dims: number[], values: number[]): TensorProto => ({
  name,
  data_type: 1,
  dims,
  float_data: values,
});

/** `x · M` for row-major `x [rows, k]` and `M [k, n]`, in float64. */
function matmul(x: Float32Array, rows: number, m: number[], k: number, n: number): Float64Array {
  const out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < n; j++) for (let i = 0; i < k; i++) out[r * n + j] += x[r * k + i] * m[i * n + j];
  return out;
}

function expectClose(actual: Float32Array, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++)
    expect(Math.abs(actual[i] - expected[i])).toBeLessThan(1e-5 * (1 + Math.abs(expected[i])));
}

const W = [0.5, -1, 2, 0.25, -0.75, 1.5]; // [3, 2]
const Wt = [0.5, 2, -0.75, -1, 0.25, 1.5]; // its transpose, [2, 3]

describe('core layers import through their plugins’ hooks', () => {
  it('the importer itself names no layer operator: without the dense plugin a Gemm is not importable', () => {
    expect(STRUCTURAL_ONNX_OPS).not.toContain('Gemm');
    expect(STRUCTURAL_ONNX_OPS).not.toContain('Add');
    const bare = createRegistry();
    expect(importableOnnxOps(bare)).not.toContain('Gemm');
    const bytes = model([{ op_type: 'Gemm', input: ['input', 'W'], output: ['output'] }], [tensor('W', [3, 2], W)], 3, 2);
    expect(errorOf(() => importOnnx(bytes, { registry: bare })).message).toMatch(/unsupported ONNX operators: Gemm/);
    expect(importableOnnxOps(registry)).toEqual(expect.arrayContaining(['Gemm', 'MatMul', 'Add', 'Dropout']));
  });

  it('Gemm with transB, alpha, beta and a broadcast C is the dense layer alpha·x·Bᵀ + beta·C', () => {
    const node: NodeProto = {
      op_type: 'Gemm',
      input: ['input', 'B', 'C'],
      output: ['output'],
      attribute: [
        { name: 'transB', type: 2, i: 1 },
        { name: 'alpha', type: 1, f: 0.5 },
        { name: 'beta', type: 1, f: 2 },
      ],
    };
    const m = importOnnx(model([node], [tensor('B', [2, 3], Wt), tensor('C', [1], [0.25])], 3, 2), { registry });
    expect(m.layers.map((l) => l.type)).toEqual(['dense']);
    const x = randomInput(4, [3], 1);
    const expected = matmul(x.data, 4, W, 3, 2).map((v) => 0.5 * v + 2 * 0.25);
    expectClose(m.predict(x).data, expected);
  });

  it('MatMul followed by Add of a constant row is one dense layer with that bias', () => {
    const nodes: NodeProto[] = [
      { op_type: 'MatMul', input: ['input', 'W'], output: ['h'] },
      { op_type: 'Add', input: ['b', 'h'], output: ['output'] },
    ];
    const m = importOnnx(model(nodes, [tensor('W', [3, 2], W), tensor('b', [2], [1, -2])], 3, 2), { registry });
    expect(m.layers.map((l) => l.type)).toEqual(['dense']);
    const x = randomInput(5, [3], 2);
    const expected = matmul(x.data, 5, W, 3, 2).map((v, i) => v + (i % 2 === 0 ? 1 : -2));
    expectClose(m.predict(x).data, expected);
  });

  it('Add(relu(x·W), x·W) style skips import as residual blocks, nested ones through the same hooks', () => {
    // out = h + relu(relu(h) + h) with h = x·W: a residual block around a body that itself holds one.
    const nodes: NodeProto[] = [
      { op_type: 'MatMul', input: ['input', 'W'], output: ['h'] },
      { op_type: 'Relu', input: ['h'], output: ['a'] },
      { op_type: 'Add', input: ['a', 'h'], output: ['inner'] },
      { op_type: 'Relu', input: ['inner'], output: ['b'] },
      { op_type: 'Add', input: ['h', 'b'], output: ['output'] },
    ];
    const m = importOnnx(model(nodes, [tensor('W', [3, 2], W)], 3, 2), { registry });
    expect(m.layers.map((l) => l.type)).toEqual(['dense', 'residual']);
    expect(m.layers[1].children().map((l) => l.type)).toEqual(['residual', 'activation']);
    const x = randomInput(6, [3], 3);
    const h = matmul(x.data, 6, W, 3, 2);
    const r = (v: number) => Math.max(0, v);
    expectClose(
      m.predict(x).data,
      h.map((v) => v + r(r(v) + v)),
    );
  });

  it('a projection skip Add(body(x), MatMul(x, P)) keeps P as the block’s projection', () => {
    const P = [1, 0, 0, 1, 1, 1]; // [3, 2]
    const nodes: NodeProto[] = [
      { op_type: 'MatMul', input: ['input', 'W'], output: ['h'] },
      { op_type: 'Relu', input: ['h'], output: ['body'] },
      { op_type: 'MatMul', input: ['input', 'P'], output: ['skip'] },
      { op_type: 'Add', input: ['body', 'skip'], output: ['output'] },
    ];
    const m = importOnnx(model(nodes, [tensor('W', [3, 2], W), tensor('P', [3, 2], P)], 3, 2), { registry });
    expect(m.layers.map((l) => l.type)).toEqual(['residual']);
    const x = randomInput(4, [3], 4);
    const h = matmul(x.data, 4, W, 3, 2);
    const s = matmul(x.data, 4, P, 3, 2);
    expectClose(
      m.predict(x).data,
      h.map((v, i) => Math.max(0, v) + s[i]),
    );
  });

  it('Dropout imports as a dropout layer with the file’s ratio (identity in inference)', () => {
    const nodes: NodeProto[] = [
      { op_type: 'Gemm', input: ['input', 'W'], output: ['h'] },
      { op_type: 'Dropout', input: ['h', 'ratio'], output: ['output'] },
    ];
    const m = importOnnx(model(nodes, [tensor('W', [3, 2], W), tensor('ratio', [], [0.3])], 3, 2), { registry });
    expect(m.layers.map((l) => l.config())).toContainEqual({ type: 'dropout', rate: 0.3 });
    const x = randomInput(3, [3], 5);
    expectClose(m.predict(x).data, matmul(x.data, 3, W, 3, 2));
    const old = model(
      [nodes[0], { op_type: 'Dropout', input: ['h'], output: ['output'], attribute: [{ name: 'ratio', type: 1, f: 0.2 }] }],
      [tensor('W', [3, 2], W)],
      3,
      2,
      10,
    );
    expect(importOnnx(old, { registry }).layers[1].config()).toEqual({ type: 'dropout', rate: 0.2 });
  });
});

describe('what the core hooks cannot express is named at the node', () => {
  const at = (bytes: Uint8Array) => {
    const e = errorOf(() => importOnnx(bytes, { registry }));
    expect(e).toBeInstanceOf(ModelFormatError);
    return e.message;
  };

  it('a weight whose width does not match what reaches it', () => {
    const nodes: NodeProto[] = [
      { op_type: 'Gemm', input: ['input', 'W'], output: ['h'], name: 'first' },
      { op_type: 'Gemm', input: ['h', 'W'], output: ['output'], name: 'second' },
    ];
    expect(at(model(nodes, [tensor('W', [3, 2], W)], 3, 2))).toMatch(
      /second.*its weights take 3 features but it receives 2 features/,
    );
  });

  it('transA, a computed weight, a bias not after a product, two constants, two branches', () => {
    const w = tensor('W', [3, 2], W);
    const transA = { op_type: 'Gemm', input: ['input', 'W'], output: ['output'], attribute: [{ name: 'transA', type: 2, i: 1 }] };
    expect(at(model([transA], [w], 3, 2))).toMatch(/transA = 1 is not supported/);
    const computed = [
      { op_type: 'Relu', input: ['input'], output: ['r'] },
      { op_type: 'MatMul', input: ['input', 'r'], output: ['output'] },
    ];
    expect(at(model(computed, [], 3, 3))).toMatch(/second input must be a constant weight matrix/);
    const bias = [
      { op_type: 'Relu', input: ['input'], output: ['r'] },
      { op_type: 'Add', input: ['r', 'c'], output: ['output'] },
    ];
    expect(at(model(bias, [tensor('c', [3], [1, 2, 3])], 3, 3))).toMatch(/bias right after a MatMul or Gemm/);
    const branches = [
      { op_type: 'Gemm', input: ['input', 'W'], output: ['a'] },
      { op_type: 'Gemm', input: ['input', 'V'], output: ['b'] },
      { op_type: 'Add', input: ['a', 'b'], output: ['output'] },
    ];
    expect(at(model(branches, [w, tensor('V', [3, 2], W)], 3, 2))).toMatch(
      /adds two computed tensors but is not a residual skip/,
    );
  });

  it('a Dropout whose mask is used', () => {
    const nodes: NodeProto[] = [
      { op_type: 'Dropout', input: ['input'], output: ['d', 'mask'] },
      { op_type: 'Add', input: ['d', 'mask'], output: ['output'] },
    ];
    expect(at(model(nodes, [], 2, 2))).toMatch(/mask output is used/);
  });
});

describe('a third-party hook may nest layers through graph.layers()', () => {
  it('children that do not come from graph.layers() are refused by name', () => {
    const base = createDefaultRegistry().layer('residual');
    const forged: LayerPlugin = defineLayer({
      ...base,
      type: 'forged',
      onnx: {
        import: {
          opTypes: ['Relu'],
          match: (node: OnnxNodeView) => ({ config: { type: 'forged' }, input: node.inputs[0], children: [{ configs: [] }] }),
        },
      },
    } as never);
    const bytes = model([{ op_type: 'Relu', input: ['input'], output: ['output'] }], [], 2, 2);
    expect(errorOf(() => importOnnx(bytes, { registry: createDefaultRegistry().registerLayer(forged) })).message).toMatch(
      /layer plugin "forged" returned children that do not come from graph\.layers\(\)/,
    );
  });

  it('a hook that recognises a node but cannot express it lets another plugin import it, else says why', () => {
    const picky: LayerPlugin = defineLayer({
      ...createDefaultRegistry().layer('dropout'),
      type: 'picky',
      onnx: {
        import: {
          opTypes: ['Relu'],
          match: () => {
            throw new ValidationError('picky takes only Relu nodes named "picky"');
          },
        },
      },
    } as never);
    const bytes = model([{ op_type: 'Relu', input: ['input'], output: ['output'] }], [], 2, 2);
    const withRelu = createDefaultRegistry().registerLayer(picky).registerActivation(relu);
    const m = importOnnx(bytes, { registry: withRelu });
    expect(m.predict(new Tensor(Float32Array.of(-1, 2), [1, 2])).data).toEqual(Float32Array.of(0, 2));
    const withoutRelu = createDefaultRegistry().registerLayer(picky);
    expect(errorOf(() => importOnnx(bytes, { registry: withoutRelu })).message).toMatch(
      /Relu.*picky takes only Relu nodes named "picky"/,
    );
  });
});
