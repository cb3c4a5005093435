import { activation, dense, defineActivation, PluginError, sequential, ValidationError } from '@rectify/core';
import { prelu } from '@rectify/prelu';
import { describe, expect, it } from 'vitest';
import { fullRegistry, maxRelDiff, randomInput, runOrt } from '../../test/helpers';
import { decodeOnnx } from '../import/decode';
import { int64 } from '../proto/types';
import { exportOnnx } from './export-onnx';

const registry = fullRegistry();

const square = defineActivation({
  name: 'square-test',
  apiVersion: 1,
  version: '1.2.3',
  cpu: {
    forward(x, y, { length }) {
      for (let i = 0; i < length; i++) y[i] = x[i] * x[i];
    },
    backward(x, _y, dy, dx, { length }) {
      for (let i = 0; i < length; i++) dx[i] = 2 * x[i] * dy[i];
    },
  },
});

describe('exportOnnx errors and options', () => {
  it('a plugin without export.onnx is a PluginError naming the layer and the plugin', () => {
    const model = sequential({ inputShape: [2], registry, layers: [dense(3), dense(3), activation(square), dense(1)] });
    let error: unknown;
    try {
      exportOnnx(model);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PluginError);
    expect((error as Error).message).toMatch(/layers\.2: activation "square-test" \(version 1\.2\.3\) declares no ONNX mapping/);
  });

  it('a mapping that names an undeclared learnable is a PluginError', () => {
    const broken = defineActivation({
      name: 'broken-test',
      apiVersion: 1,
      cpu: square.cpu,
      export: { onnx: () => ({ opType: 'PRelu', sinceVersion: 16, inputs: [{ learnable: 'nope' }] }) },
    });
    const model = sequential({ inputShape: [2], registry, layers: [dense(3), activation(broken)] });
    expect(() => exportOnnx(model)).toThrow(/layers\.1: activation "broken-test".*learnable "nope"/);
  });

  it('declares the requested opset, with the matching IR version', () => {
    const model = sequential({ inputShape: [2], registry, layers: [dense(3), activation(prelu), dense(1)] });
    const p17 = decodeOnnx(exportOnnx(model));
    expect(int64(p17.opset_import?.[0].version)).toBe(17);
    expect(int64(p17.ir_version)).toBe(8);
    const p21 = decodeOnnx(exportOnnx(model, { opset: 21 }));
    expect(int64(p21.opset_import?.[0].version)).toBe(21);
    expect(int64(p21.ir_version)).toBe(10);
  });

  it('every opset in the range runs in onnxruntime with the same outputs', async () => {
    const model = sequential({ inputShape: [2], registry, layers: [dense(3), activation(prelu), dense(1)] });
    const x = randomInput(4, [2], 1);
    const ours = model.predict(x).data;
    for (let opset = 16; opset <= 22; opset++) {
      const out = await runOrt(exportOnnx(model, { opset }), x);
      expect(maxRelDiff(out.data, ours), `opset ${opset}`).toBeLessThan(2e-5);
    }
  });

  it('an opset below what a node needs, or outside the range, is a ValidationError', () => {
    const model = sequential({ inputShape: [2], registry, layers: [dense(3), activation(prelu), dense(1)] });
    expect(() => exportOnnx(model, { opset: 15 })).toThrow(/PRelu-16 \(layers\.1\) needs opset 16/);
    expect(() => exportOnnx(model, { opset: 99 })).toThrow(ValidationError);
    expect(() => exportOnnx(model, { opset: 12 })).toThrow(/\[14, 22\]/);
  });

  it('the batch dimension is symbolic', () => {
    const model = sequential({ inputShape: [2], registry, layers: [dense(1)] });
    const dims = decodeOnnx(exportOnnx(model)).graph?.input?.[0].type?.tensor_type?.shape?.dim;
    expect(dims?.[0].dim_param).toBe('batch');
    expect(int64(dims?.[1].dim_value)).toBe(2);
  });
});
