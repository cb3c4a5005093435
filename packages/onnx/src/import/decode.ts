import { ModelFormatError, ValidationError } from '@rectify/core';
import { ProtoReader } from '../proto/reader';
import type { ModelProto } from '../proto/types';
import { type OnnxLimits, resolveOnnxLimits } from './limits';
import { WireScanner } from './wire-scan';

/**
 * Decodes untrusted ONNX bytes into a `ModelProto` object of the subset Rectify reads, after a wire-format scan that
 * bounds sizes and counts (see {@link OnnxLimits}). Throws a ModelFormatError for anything malformed or beyond limits.
 */
export function decodeOnnx(bytes: Uint8Array, limits: OnnxLimits = {}): ModelProto {
  if (!(bytes instanceof Uint8Array)) {
    throw new ValidationError(
      'ONNX import: expected the file contents as a Uint8Array (e.g. new Uint8Array(await file.arrayBuffer()))',
    );
  }
  const resolved = resolveOnnxLimits(limits);
  if (bytes.length === 0) throw new ModelFormatError('', 'not an ONNX model: the file is empty');
  if (bytes.length > resolved.maxBytes) {
    throw new ModelFormatError('', `the file has ${bytes.length} bytes, more than the limit of ${resolved.maxBytes} (maxBytes)`);
  }
  new WireScanner(bytes, resolved).scan();
  const model = new ProtoReader(bytes).read('ModelProto') as ModelProto;
  if (!model.graph) throw new ModelFormatError('/graph', 'the model has no graph; is this an ONNX model file?');
  return model;
}
