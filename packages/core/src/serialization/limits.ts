import { ValidationError } from '../errors';

/** Bounds that {@link loadModel} and {@link parseModelJSON} enforce on untrusted model documents. */
export interface ModelLimits {
  /** Longest accepted JSON text, in UTF-16 code units. Default 2^27 (128 Mi). */
  readonly maxTextLength?: number;
  /** Deepest accepted nesting of arrays and objects. Default 64. */
  readonly maxDepth?: number;
  /** Most top-level layers. Default 1024. */
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
  maxLayers: 1024,
  maxTensorElements: 2 ** 24,
  maxParameters: 2 ** 22,
});

/** Fills in defaults and checks that each given limit is a positive integer. */
export function resolveModelLimits(limits: ModelLimits = {}): ResolvedModelLimits {
  const out = { ...DEFAULT_MODEL_LIMITS };
  for (const key of Object.keys(DEFAULT_MODEL_LIMITS) as (keyof ResolvedModelLimits)[]) {
    const v = limits[key];
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || v <= 0) {
      throw new ValidationError(
        `model limits: ${key} must be a positive integer, got ${String(v)}; pass a whole number such as ${DEFAULT_MODEL_LIMITS[key]}`,
      );
    }
    out[key] = v;
  }
  return out;
}
