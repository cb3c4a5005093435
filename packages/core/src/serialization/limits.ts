import { ValidationError } from '../errors';

/** Bounds that {@link loadModel} and {@link parseModelJSON} enforce on untrusted model documents. */
export interface ModelLimits {
  /** Longest accepted JSON text, in UTF-16 code units. Default 2^27 (128 Mi). */
  readonly maxTextLength?: number;
  /** Deepest accepted nesting of arrays and objects. Default 64. */
  readonly maxDepth?: number;
  /** Most arrays and objects in the JSON text, counted before parsing. Default 2^17 (131072). */
  readonly maxJsonContainers?: number;
  /**
   * Most values (array elements and object members) in the JSON text, counted before parsing. Default 2^24: the
   * weights and Adam's two moments of a model at the default `maxParameters` (3 × 2^22), with room to spare.
   */
  readonly maxJsonValues?: number;
  /** Most layers, counted at every depth (a residual block and each layer of its body count). Default 1024. */
  readonly maxLayers?: number;
  /** Most elements in one parameter tensor. Default 2^24. */
  readonly maxTensorElements?: number;
  /** Most parameters in the whole model. Default 2^22 (about 4.2 million). */
  readonly maxParameters?: number;
}

/** {@link ModelLimits} with every default filled in. */
export type ResolvedModelLimits = Required<ModelLimits>;

/** The defaults of {@link ModelLimits}. */
export const DEFAULT_MODEL_LIMITS: ResolvedModelLimits = Object.freeze({
  maxTextLength: 2 ** 27,
  maxDepth: 64,
  maxJsonContainers: 2 ** 17,
  maxJsonValues: 2 ** 24,
  maxLayers: 1024,
  maxTensorElements: 2 ** 24,
  maxParameters: 2 ** 22,
});

/**
 * Fills in `defaults` for the limits not given and checks that each given limit is a positive safe integer.
 * Shared by every reader of untrusted data (model JSON here, ONNX in `@rectify/onnx`).
 * @param what - Names the limits in errors, e.g. `model limits`.
 * @throws ValidationError naming the limit and the value.
 */
export function resolveLimits<T extends Record<string, number>>(what: string, defaults: T, given: Partial<T> = {}): T {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const v = given[key];
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || (v as number) <= 0) {
      throw new ValidationError(
        `${what}: ${key} must be a positive integer, got ${String(v)}; pass a whole number such as ${defaults[key]}`,
      );
    }
    out[key] = v as T[keyof T & string];
  }
  return out;
}

/** Fills in defaults and checks that each given limit is a positive integer. */
export function resolveModelLimits(limits: ModelLimits = {}): ResolvedModelLimits {
  return resolveLimits('model limits', DEFAULT_MODEL_LIMITS, limits);
}
