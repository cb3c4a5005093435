import { resolveLimits } from '@rectify/core';

/** Bounds that {@link importOnnx} and {@link decodeOnnx} enforce on untrusted ONNX bytes, checked before allocating. */
export interface OnnxLimits {
  /** Largest accepted file, in bytes. Default 2^28 (256 MiB). */
  readonly maxBytes?: number;
  /** Most nodes in the graph. Default 4096. */
  readonly maxNodes?: number;
  /** Most initializers (and value infos, graph inputs, graph outputs) in the graph. Default 4096. */
  readonly maxInitializers?: number;
  /** Most inputs, outputs or attributes of one node, dims of one tensor, and values of one attribute list. Default 64. */
  readonly maxFieldItems?: number;
  /** Most elements in one tensor (by its declared dims). Default 2^24. */
  readonly maxTensorElements?: number;
  /** Most elements over all tensors of the file (declared dims, and numbers stored outside `raw_data`, in any list field). Default 2^25. */
  readonly maxTotalElements?: number;
  /**
   * Most messages, strings and bytes items the decoder creates over the whole file (every node, attribute, tensor,
   * name, each string of a STRINGS attribute...). Default 2^20; a model Rectify can import needs a few per layer.
   */
  readonly maxDecodedItems?: number;
  /** Longest name (node, tensor, operator, dimension), in bytes. Default 4096. */
  readonly maxNameBytes?: number;
}

/** {@link OnnxLimits} with every default filled in. */
export type ResolvedOnnxLimits = Required<OnnxLimits>;

/** The defaults of {@link OnnxLimits}. */
export const DEFAULT_ONNX_LIMITS: ResolvedOnnxLimits = Object.freeze({
  maxBytes: 2 ** 28,
  maxNodes: 4096,
  maxInitializers: 4096,
  maxFieldItems: 64,
  maxTensorElements: 2 ** 24,
  maxTotalElements: 2 ** 25,
  maxDecodedItems: 2 ** 20,
  maxNameBytes: 4096,
});

/** Fills in defaults and checks that each given limit is a positive safe integer. */
export function resolveOnnxLimits(limits: OnnxLimits = {}): ResolvedOnnxLimits {
  return resolveLimits('ONNX limits', DEFAULT_ONNX_LIMITS, limits);
}
