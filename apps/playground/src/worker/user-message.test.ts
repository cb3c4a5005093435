import { ModelFormatError, loadModel } from '@rectify/core';
import { importOnnxWithReport } from '@rectify/onnx';
import { describe, expect, it } from 'vitest';
import { createPlaygroundRegistry } from '../engine/registry';
import { playgroundPlugins } from '../engine/plugins';
import { userMessage } from './user-message';

const registry = createPlaygroundRegistry(playgroundPlugins);
const caught = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('messages for page users', () => {
  it('says a broken model file is not a model file, without naming serializeModel()', () => {
    const e = caught(() => loadModel('{"format": "rectify-model", "layers": [', { registry }));
    expect((e as Error).message).toMatch(/serializeModel\(\)/);
    const said = userMessage(e);
    expect(said).toMatch(/not a model file/);
    expect(said).not.toMatch(/serializeModel|\(\)/);
  });

  it('says damaged ONNX bytes are not a readable ONNX file, without protobuf terms', () => {
    // Field 1, wire type 4 (a protobuf group end): never in an ONNX file.
    const e = caught(() => importOnnxWithReport(new Uint8Array([0x0c, 0x00]), { registry }));
    expect((e as Error).message).toMatch(/wire type 4/);
    const said = userMessage(e);
    expect(said).toMatch(/not a readable ONNX file/);
    expect(said).not.toMatch(/wire|protobuf/);
    // Bytes that stop inside a field: said to be cut short.
    const cut = caught(() => importOnnxWithReport(new Uint8Array([0x0a, 0x05, 0x41]), { registry }));
    expect(userMessage(cut)).toMatch(/cut short/);
  });

  it("keeps a RectifyError's own message (it names the problem and the fix) and drops other errors' class names", () => {
    const e = new ModelFormatError('/layers', 'must be a list of layers');
    expect(userMessage(e)).toBe('/layers: must be a list of layers');
    expect(userMessage(new TypeError('x is undefined'))).toBe('something went wrong: x is undefined');
  });
});
