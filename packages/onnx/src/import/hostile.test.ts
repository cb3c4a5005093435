import { readFileSync } from 'node:fs';
import { ModelFormatError, RectifyError, Rng, Tensor } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { errorOf, fullRegistry } from '../../test/helpers';
import { bytesField, intField, modelWithGraph, stringField, varint } from '../../test/wire';
import { UnsupportedOnnxError } from '../errors';
import type { ModelProto } from '../proto/types';
import { encodeMessage } from '../proto/writer';
import { decodeOnnx } from './decode';
import { importOnnx } from './import-onnx';

const registry = fullRegistry();
const good = new Uint8Array(readFileSync(new URL('../../fixtures/residual.onnx', import.meta.url)));

function encode(model: ModelProto): Uint8Array {
  return encodeMessage('ModelProto', model as unknown as Record<string, unknown>);
}

const floatInput = (name: string, features: number) => ({
  name,
  type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_param: 'batch' }, { dim_value: features }] } } },
});

/** A one-Gemm model whose weight initializer is given. */
function gemmModel(weight: Record<string, unknown>): Uint8Array {
  return encode({
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      node: [{ op_type: 'Gemm', input: ['input', 'W'], output: ['output'] }],
      initializer: [{ name: 'W', data_type: 1, ...weight }],
      input: [floatInput('input', 2)],
      output: [floatInput('output', 2)],
    },
  } as ModelProto);
}

describe('hostile and broken ONNX files fail clearly', () => {
  it('the untouched fixture imports (the baseline the cases below break)', () => {
    expect(importOnnx(good, { registry }).layers.length).toBe(5);
  });

  it('every truncation of a valid file is a RectifyError, never a crash', () => {
    for (let cut = 0; cut < good.length; cut += 7) {
      const e = errorOf(() => importOnnx(good.subarray(0, cut), { registry }));
      expect(e, `cut at ${cut}`).toBeInstanceOf(RectifyError);
    }
  });

  it('random bytes and single-byte corruptions are RectifyErrors', () => {
    const rng = new Rng(9);
    for (let t = 0; t < 50; t++) {
      const junk = new Uint8Array(1 + rng.int(400));
      for (let i = 0; i < junk.length; i++) junk[i] = rng.int(256);
      expect(errorOf(() => importOnnx(junk, { registry }))).toBeInstanceOf(RectifyError);
    }
    for (let t = 0; t < 200; t++) {
      const bad = good.slice();
      bad[rng.int(bad.length)] = rng.int(256);
      try {
        importOnnx(bad, { registry }); // a flipped weight byte still imports: that is fine
      } catch (e) {
        expect(e).toBeInstanceOf(RectifyError);
      }
    }
  });

  it('an empty file and a non-Uint8Array are rejected', () => {
    expect(errorOf(() => importOnnx(new Uint8Array(0)))).toBeInstanceOf(ModelFormatError);
    expect(() => importOnnx([1, 2, 3] as unknown as Uint8Array)).toThrow(/Uint8Array/);
  });

  it('huge declared dimensions fail before allocating', () => {
    const e = errorOf(() => importOnnx(gemmModel({ dims: [2 ** 40, 2 ** 40], raw_data: new Uint8Array(4) }), { registry }));
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.message).toMatch(/raw_data has 4 bytes but dims \[1099511627776, 1099511627776\]/);
    // Consistent data, but more elements than the limit: refused while reading, before the Float32Array is made.
    const limited = errorOf(() =>
      importOnnx(gemmModel({ dims: [2, 2], raw_data: new Uint8Array(16) }), { registry, limits: { maxTensorElements: 3 } }),
    );
    expect(limited.message).toMatch(/more than 3 elements \(limit maxTensorElements\)/);
    const neg = errorOf(() => importOnnx(gemmModel({ dims: [-1, 2], raw_data: new Uint8Array(4) }), { registry }));
    expect(neg.message).toMatch(/dims \[-1, 2\] are not non-negative integers/);
  });

  it('initializer data that does not match its dims is rejected', () => {
    const short = errorOf(() => importOnnx(gemmModel({ dims: [2, 2], raw_data: new Uint8Array(12) }), { registry }));
    expect(short.message).toMatch(/raw_data has 12 bytes but dims \[2, 2\] of 4-byte elements need 16/);
    const floats = errorOf(() => importOnnx(gemmModel({ dims: [2, 2], float_data: [1, 2, 3] }), { registry }));
    expect(floats.message).toMatch(/3 values/);
    const ok = importOnnx(gemmModel({ dims: [2, 2], float_data: [1, 2, 3, 4] }), { registry });
    expect(Array.from(ok.paramRefs()[0].param.value)).toEqual([1, 2, 3, 4]);
  });

  it('a length prefix beyond the end of the file is rejected by the scan', () => {
    const bytes = Uint8Array.from([...varint(7 * 8 + 2), ...varint(2 ** 40)]);
    expect(errorOf(() => decodeOnnx(bytes)).message).toMatch(/declares 1099511627776 bytes but only 0 remain/);
  });

  it('deeply nested subgraphs are skipped, not recursed into, and the operator is named', () => {
    // If -> then_branch graph -> If -> ... 20000 levels deep, in AttributeProto.g (not part of the read subset).
    // Built as outer-to-inner prefixes, each written after its inner length is known.
    const prefixes: number[][] = [];
    let innerLength = 0;
    for (let i = 0; i < 20000; i++) {
      const attrHead = [...stringField(1, 'then_branch'), ...intField(20, 5), ...varint(6 * 8 + 2), ...varint(innerLength)];
      const attrLength = attrHead.length + innerLength;
      const nodeHead = [
        ...stringField(1, 'input'),
        ...stringField(2, 'output'),
        ...stringField(4, 'If'),
        ...varint(5 * 8 + 2),
        ...varint(attrLength),
      ];
      const nodeLength = nodeHead.length + attrLength;
      const graphHead = [...varint(1 * 8 + 2), ...varint(nodeLength)];
      prefixes.push([...attrHead.reverse(), ...nodeHead.reverse(), ...graphHead.reverse()]);
      innerLength = graphHead.length + nodeLength;
    }
    const graph: number[] = [];
    for (let i = prefixes.length - 1; i >= 0; i--) for (let j = prefixes[i].length - 1; j >= 0; j--) graph.push(prefixes[i][j]);
    const io = (name: string) => {
      const dims = [...bytesField(1, stringField(2, 'batch')), ...bytesField(1, intField(1, 2))];
      return [...stringField(1, name), ...bytesField(2, bytesField(1, [...intField(1, 1), ...bytesField(2, dims)]))];
    };
    const bytes = modelWithGraph([...graph, ...bytesField(11, io('input')), ...bytesField(12, io('output'))]);
    const e = errorOf(() => importOnnx(bytes, { registry }));
    expect(e).toBeInstanceOf(UnsupportedOnnxError);
    expect((e as UnsupportedOnnxError).operators).toEqual(['If']);
  });

  it('protobuf groups (a nesting vector in other parsers) are rejected by the scan', () => {
    const groups = Uint8Array.from([
      ...Array(5000)
        .fill(varint(99 * 8 + 3))
        .flat(),
    ]);
    expect(errorOf(() => decodeOnnx(groups)).message).toMatch(/wire type 3/);
  });

  it('absurd counts are rejected before decoding', () => {
    const manyNodes = modelWithGraph(Array(100_000).fill(bytesField(1, [])).flat());
    expect(errorOf(() => decodeOnnx(manyNodes)).message).toMatch(
      /graph\/node: .*more than 4096 node items in one GraphProto \(limit maxNodes\)/,
    );
    const manyInputs = modelWithGraph(bytesField(1, Array(1000).fill(stringField(1, 'x')).flat()));
    expect(errorOf(() => decodeOnnx(manyInputs)).message).toMatch(
      /more than 64 input items in one NodeProto \(limit maxFieldItems\)/,
    );
    const longName = modelWithGraph(bytesField(1, stringField(3, 'n'.repeat(10_000))));
    expect(errorOf(() => decodeOnnx(longName)).message).toMatch(/maxNameBytes/);
    const floats = new Uint8Array(4 * 1000);
    const manyFloats = modelWithGraph(bytesField(5, bytesField(4, floats)));
    expect(errorOf(() => decodeOnnx(manyFloats, { maxTotalElements: 500 })).message).toMatch(/maxTotalElements/);
    expect(errorOf(() => decodeOnnx(good, { maxBytes: 100 })).message).toMatch(/maxBytes/);
  });

  it('sparse initializers and external data are refused, not silently ignored', () => {
    expect(errorOf(() => decodeOnnx(modelWithGraph(bytesField(15, [])))).message).toMatch(/sparse initializers/);
    expect(errorOf(() => decodeOnnx(modelWithGraph(bytesField(5, bytesField(13, []))))).message).toMatch(/external data/);
  });

  it('graphs that break ONNX structure (a node reading a later output) are rejected', () => {
    const bytes = encode({
      ir_version: 8,
      opset_import: [{ domain: '', version: 17 }],
      graph: {
        node: [
          { op_type: 'Relu', input: ['b'], output: ['a'] },
          { op_type: 'Relu', input: ['a'], output: ['b'] },
        ],
        input: [floatInput('input', 2)],
        output: [floatInput('b', 2)],
      },
    } as ModelProto);
    expect(errorOf(() => importOnnx(bytes, { registry })).message).toMatch(/reads "b", which is not a graph input/);
  });

  it('unsupported settings of supported operators are named', () => {
    const clip = encode({
      ir_version: 8,
      opset_import: [{ domain: '', version: 17 }],
      graph: {
        node: [
          { op_type: 'Gemm', input: ['input', 'W'], output: ['h'] },
          { op_type: 'Clip', name: 'clip1', input: ['h', 'lo', 'hi'], output: ['output'] },
        ],
        initializer: [
          { name: 'W', data_type: 1, dims: [2, 2], float_data: [1, 0, 0, 1] },
          { name: 'lo', data_type: 1, dims: [], float_data: [-1] },
          { name: 'hi', data_type: 1, dims: [], float_data: [1] },
        ],
        input: [floatInput('input', 2)],
        output: [floatInput('output', 2)],
      },
    } as ModelProto);
    expect(errorOf(() => importOnnx(clip, { registry })).message).toMatch(
      /Clip node "clip1": Clip\(min -1, max 1\) has no Rectify equivalent/,
    );
    const intInput = encode({
      ir_version: 8,
      opset_import: [{ domain: '', version: 17 }],
      graph: {
        node: [{ op_type: 'Relu', input: ['input'], output: ['output'] }],
        input: [{ name: 'input', type: { tensor_type: { elem_type: 7, shape: { dim: [{ dim_value: 1 }, { dim_value: 2 }] } } } }],
        output: [floatInput('output', 2)],
      },
    } as ModelProto);
    expect(errorOf(() => importOnnx(intInput, { registry })).message).toMatch(/element type 7; only float32/);
    const oldOpset = encode({ ir_version: 3, opset_import: [{ domain: '', version: 6 }], graph: { node: [] } } as ModelProto);
    expect(errorOf(() => importOnnx(oldOpset, { registry })).message).toMatch(/opset 6 is outside the supported range/);
  });
});

describe('long and deep graphs', () => {
  const fi = (name: string) => floatInput(name, 2);
  const eye = { name: 'W', data_type: 1, dims: [2, 2], float_data: [1, 0, 0, 1] };
  const model = (node: Record<string, unknown>[]) =>
    encode({
      ir_version: 8,
      opset_import: [{ domain: '', version: 17 }],
      graph: { node, initializer: [eye], input: [fi('input')], output: [fi('output')] },
    } as ModelProto);

  it.each([
    ['Add(relu(x), x)', false],
    ['Add(x, relu(x)), skip first as torch.onnx writes x + f(x)', true],
  ])('a 4000-node chain of 2000 residual blocks %s imports iteratively', (_form, skipFirst) => {
    const blocks = (n: number) => {
      const node: Record<string, unknown>[] = [{ op_type: 'Gemm', input: ['input', 'W'], output: ['h0'] }];
      for (let i = 0; i < n; i++) {
        node.push({ op_type: 'Relu', input: [`h${i}`], output: [`r${i}`] });
        const operands = skipFirst ? [`h${i}`, `r${i}`] : [`r${i}`, `h${i}`];
        node.push({ op_type: 'Add', input: operands, output: [i === n - 1 ? 'output' : `h${i + 1}`] });
      }
      return importOnnx(model(node), { registry });
    };
    const long = blocks(2000);
    expect(long.layers.length).toBe(2001);
    expect(long.layers.slice(1).every((l) => l.type === 'residual' && l.children().length === 1)).toBe(true);
    // Each block maps x to relu(x) + x: a negative input passes unchanged, a positive one doubles.
    expect(Array.from(long.predict(new Tensor(Float32Array.of(-1.5, -0.25), [1, 2])).data)).toEqual([-1.5, -0.25]);
    expect(Array.from(blocks(10).predict(new Tensor(Float32Array.of(3, -1), [1, 2])).data)).toEqual([3 * 2 ** 10, -1]);
  });

  it('residual blocks nested 3000 deep import or fail with a RectifyError, never a crash', () => {
    // Block k's body is block k+1: Add(Relu(Add(Relu(...), ...)), x) with every skip from the same x.
    const node: Record<string, unknown>[] = [{ op_type: 'Gemm', input: ['input', 'W'], output: ['x'] }];
    let inner = 'x';
    for (let i = 0; i < 3000; i++) {
      node.push({ op_type: 'Relu', input: [inner], output: [`r${i}`] });
      node.push({ op_type: 'Add', input: [`r${i}`, 'x'], output: [i === 2999 ? 'output' : `a${i}`] });
      inner = `a${i}`;
    }
    let outcome: unknown = 'imported';
    try {
      importOnnx(model(node), { registry });
    } catch (e) {
      outcome = e;
    }
    expect(outcome === 'imported' || outcome instanceof RectifyError, String(outcome)).toBe(true);
  });
});
