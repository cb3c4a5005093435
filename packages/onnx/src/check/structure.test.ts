import { activation, dense, sequential } from '@rectify/core';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { fullRegistry } from '../../test/helpers';
import { exportOnnx } from '../export/export-onnx';
import { decodeOnnx } from '../import/decode';
import type { ModelProto } from '../proto/types';
import { checkOnnxStructure } from './structure';

const registry = fullRegistry();

/** A fresh decoded copy of a small exported model, to break one rule at a time. */
function fresh(): ModelProto {
  const model = sequential({ inputShape: [3], registry, layers: [dense(4), activation(relu), dense(2)] });
  return decodeOnnx(exportOnnx(model));
}

describe('checkOnnxStructure', () => {
  it('accepts an exported model', () => {
    expect(checkOnnxStructure(fresh())).toEqual([]);
  });

  it('finds nodes out of topological order', () => {
    const m = fresh();
    m.graph?.node?.reverse();
    expect(checkOnnxStructure(m).join('\n')).toMatch(
      /reads "layers.1\/out", which is not a graph input, an initializer or an earlier/,
    );
  });

  it('finds an output name defined twice', () => {
    const m = fresh();
    const nodes = m.graph?.node ?? [];
    nodes[1].output = [...(nodes[0].output ?? [])];
    expect(checkOnnxStructure(m).join('\n')).toMatch(/writes "layers.0\/out", a name that is already defined/);
  });

  it('finds an initializer whose data does not fill its dims', () => {
    const m = fresh();
    const kernel = m.graph?.initializer?.[0];
    if (kernel?.raw_data) kernel.raw_data = kernel.raw_data.subarray(4);
    expect(checkOnnxStructure(m).join('\n')).toMatch(
      /initializer "layers.0.kernel": raw_data has 44 bytes but dims \[3, 4\] of 4-byte elements need 48/,
    );
  });

  it('finds a missing ir_version and opset_import', () => {
    const m = fresh();
    m.ir_version = 0;
    m.opset_import = [];
    const issues = checkOnnxStructure(m);
    expect(issues).toContain('ir_version is missing');
    expect(issues).toContain('opset_import has no default-domain ("") entry');
  });

  it('finds untyped graph inputs and outputs, and outputs nobody produces', () => {
    const m = fresh();
    const g = m.graph ?? {};
    g.input = [{ name: 'input' }];
    g.output = [{ name: 'nowhere', type: { tensor_type: {} } }];
    const issues = checkOnnxStructure(m);
    expect(issues).toContain('graph input "input" has no tensor type');
    expect(issues).toContain('graph output "nowhere" has no element type');
    expect(issues).toContain('graph output "nowhere" is not produced by any node');
  });
});
