import { ModelFormatError, RectifyError } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { errorOf, fullRegistry } from '../../test/helpers';
import { UnsupportedOnnxError } from '../errors';
import type { ModelProto, NodeProto, TensorProto } from '../proto/types';
import { ProtoReader } from '../proto/reader';
import { encodeMessage } from '../proto/writer';
import { decodeOnnx } from './decode';
import { importOnnx } from './import-onnx';

const registry = fullRegistry();

const floatValue = (name: string, dims: { dim_param?: string; dim_value?: number }[]) => ({
  name,
  type: { tensor_type: { elem_type: 1, shape: { dim: dims } } },
});

function model(node: NodeProto[], initializer: TensorProto[], features = 2, inputDims?: number[]): Uint8Array {
  const dims = inputDims ?? [features];
  return encodeMessage('ModelProto', {
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      node,
      initializer,
      input: [floatValue('input', [{ dim_param: 'batch' }, ...dims.map((d) => ({ dim_value: d }))])],
      output: [floatValue('output', [{ dim_param: 'batch' }, { dim_value: 2 }])],
    },
  } satisfies ModelProto as unknown as Record<string, unknown>);
}

const eye = (name = 'W'): TensorProto => ({ name, data_type: 1, dims: [2, 2], float_data: [1, 0, 0, 1] });
const gemm: NodeProto = { op_type: 'Gemm', input: ['input', 'W'], output: ['output'] };

function float32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

describe('non-finite and absurd numbers never enter an imported model', () => {
  it('the valid baseline imports and computes x · W', () => {
    const m = importOnnx(model([gemm], [eye()]), { registry });
    expect(m.paramRefs()[0].param.value).toEqual(Float32Array.of(1, 0, 0, 1));
  });

  it('NaN in raw_data is refused, naming the initializer and the element', () => {
    const bad = { name: 'W', data_type: 1, dims: [2, 2], raw_data: float32Bytes([1, 0, Number.NaN, 1]) };
    const e = errorOf(() => importOnnx(model([gemm], [bad]), { registry }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^\/graph\/initializer\/W: element 2 is NaN; weights must be finite float32/);
  });

  it('Infinity in float_data is refused', () => {
    const bad = { name: 'W', data_type: 1, dims: [2, 2], float_data: [1, Number.POSITIVE_INFINITY, 0, 1] };
    expect(errorOf(() => importOnnx(model([gemm], [bad]), { registry })).message).toMatch(/element 1 is Infinity/);
  });

  it('a DOUBLE initializer of 1e300 (beyond float32) is refused, showing the stored value', () => {
    const bad = { name: 'W', data_type: 11, dims: [2, 2], double_data: [1, 0, 0, 1e300] };
    expect(errorOf(() => importOnnx(model([gemm], [bad]), { registry })).message).toMatch(/element 3 is 1e\+300/);
    const raw = { name: 'W', data_type: 11, dims: [2, 2], raw_data: new Uint8Array(Float64Array.of(1, -1e300, 0, 1).buffer) };
    expect(errorOf(() => importOnnx(model([gemm], [raw]), { registry })).message).toMatch(/element 1 is -1e\+300/);
  });

  it('Gemm alpha = +Inf, and a finite alpha that scales weights past float32, are refused', () => {
    const inf: NodeProto = { ...gemm, attribute: [{ name: 'alpha', type: 1, f: Number.POSITIVE_INFINITY }] };
    expect(errorOf(() => importOnnx(model([inf], [eye()]), { registry })).message).toMatch(
      /Gemm node: attribute alpha is Infinity; attributes must be finite float32/,
    );
    const big: NodeProto = { ...gemm, attribute: [{ name: 'alpha', type: 1, f: 3e38 }] };
    const w = { name: 'W', data_type: 1, dims: [2, 2], float_data: [10, 0, 0, 1] };
    expect(errorOf(() => importOnnx(model([big], [w]), { registry })).message).toMatch(/beyond the float32 range/);
  });

  it('a PReLU slope containing NaN is refused', () => {
    const nodes: NodeProto[] = [
      { op_type: 'Gemm', input: ['input', 'W'], output: ['h'] },
      { op_type: 'PRelu', input: ['h', 'slope'], output: ['output'] },
    ];
    const slope = { name: 'slope', data_type: 1, dims: [2], float_data: [0.25, Number.NaN] };
    const e = errorOf(() => importOnnx(model(nodes, [eye(), slope]), { registry }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/^\/graph\/initializer\/slope: element 1 is NaN/);
  });

  it('a Flatten over dimensions whose product is huge is refused by the product, not per dimension', () => {
    const nodes: NodeProto[] = [
      { op_type: 'Flatten', input: ['input'], output: ['f'], attribute: [{ name: 'axis', type: 2, i: 1 }] },
      { op_type: 'Relu', input: ['f'], output: ['output'] },
    ];
    const bytes = model(nodes, [], 0, [65536, 65536, 16]);
    const e = errorOf(() => importOnnx(bytes, { registry }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/68719476736 values per sample \(\[65536, 65536, 16\]\), more than 16777216/);
  });
});

describe('names quoted from a file are escaped and cut', () => {
  it('an op type and node name with control characters and HTML come out escaped and short', () => {
    const op = `X<img src=x onerror=alert(1)>\u0007\u001b[31m\u202e${'A'.repeat(3000)}`;
    const node: NodeProto = { op_type: op, name: `n"\n<b>${'B'.repeat(3000)}`, input: ['input'], output: ['output'] };
    const e = errorOf(() => importOnnx(model([node], []), { registry }));
    expect(e).toBeInstanceOf(UnsupportedOnnxError);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that no control character gets through
    expect(e.message).not.toMatch(/[<>\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(e.message).toContain('operators: X\\u003cimg src=x onerror=alert(1)\\u003e\\u0007\\u001b[31m\\u202e');
    expect(e.message.length).toBeLessThan(600);
  });

  it('a node name in a path and a label is escaped', () => {
    const bad: NodeProto = { ...gemm, name: '<script>\u0000', attribute: [{ name: 'alpha', type: 1, f: Number.NaN }] };
    const e = errorOf(() => importOnnx(model([bad], [eye()]), { registry }));
    expect(e).toBeInstanceOf(RectifyError);
    expect(e.message).toBe(
      '/graph/node/\\u003cscript\\u003e\\u0000: Gemm node "\\u003cscript\\u003e\\u0000": attribute alpha is NaN; attributes must be finite float32 numbers',
    );
  });
});

describe('the proto2 codec', () => {
  it('reads back what it writes, including negative int64s, packed and unpacked lists', () => {
    const bytes = model(
      [{ op_type: 'Softmax', input: ['input'], output: ['output'], attribute: [{ name: 'axis', type: 2, i: -1 }] }],
      [{ name: 'W', data_type: 7, dims: [3], int64_data: [-1, 2 ** 40, -(2 ** 40)] }],
    );
    const decoded = decodeOnnx(bytes);
    expect(decoded.graph?.node?.[0].attribute?.[0].i).toBe(-1);
    expect(decoded.graph?.initializer?.[0].int64_data).toEqual([-1, 2 ** 40, -(2 ** 40)]);
    // The writer packs dims (as protobufjs did); onnx.proto declares them unpacked, one tag per dim: both read alike.
    expect(Array.from(encodeMessage('TensorProto', { dims: [3, 5], data_type: 1 }))).toEqual([0x0a, 2, 3, 5, 0x10, 1]);
    expect(new ProtoReader(Uint8Array.of(0x08, 3, 0x08, 5, 0x10, 1)).read('TensorProto')).toEqual({ dims: [3, 5], data_type: 1 });
  });
});
