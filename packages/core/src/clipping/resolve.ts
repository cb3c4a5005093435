import { ValidationError } from '../errors';
import type { GradClipJSON } from '../serialization/format';
import type { GradClip, ResolvedGradClip } from './contract';

const EXAMPLE = 'e.g. { maxNorm: 1 } or { value: 0.5 }';

function positive(key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(`clipGrad: ${key} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/**
 * Checks a {@link GradClip} and fills in its defaults.
 * @throws ValidationError when it is not an object, sets both or neither of `maxNorm` and `value`, has an unknown
 * key, or a value out of range.
 */
export function resolveGradClip(clip: GradClip): ResolvedGradClip {
  if (typeof clip !== 'object' || clip === null) {
    throw new ValidationError(`clipGrad: must be an object, ${EXAMPLE}`);
  }
  const record = clip as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'maxNorm' && key !== 'normType' && key !== 'value') {
      throw new ValidationError(`clipGrad: unknown option "${key}"; known: maxNorm, normType, value`);
    }
  }
  const byNorm = record.maxNorm !== undefined;
  const byValue = record.value !== undefined;
  if (byNorm === byValue) {
    throw new ValidationError(`clipGrad: give exactly one of maxNorm and value, ${EXAMPLE}`);
  }
  if (byValue) {
    if (record.normType !== undefined) throw new ValidationError('clipGrad: normType goes with maxNorm, not with value');
    return Object.freeze({ kind: 'value', value: positive('value', record.value) });
  }
  const normType = record.normType ?? 2;
  if (typeof normType !== 'number' || Number.isNaN(normType) || normType < 1) {
    throw new ValidationError(`clipGrad: normType must be a number >= 1 or Infinity, got ${String(normType)}`);
  }
  return Object.freeze({ kind: 'norm', maxNorm: positive('maxNorm', record.maxNorm), normType });
}

/** The {@link GradClip} options a resolved clip was made from (with its defaults), for compiling again. */
export function gradClipOptions(clip: ResolvedGradClip): GradClip {
  return clip.kind === 'norm' ? { maxNorm: clip.maxNorm, normType: clip.normType } : { value: clip.value };
}

/** The model-JSON form of a resolved clip (a norm type of Infinity as `"inf"`). */
export function gradClipToJSON(clip: ResolvedGradClip): GradClipJSON {
  if (clip.kind === 'value') return { value: clip.value };
  return { maxNorm: clip.maxNorm, normType: clip.normType === Number.POSITIVE_INFINITY ? 'inf' : clip.normType };
}

/** The {@link GradClip} a model-JSON clip stands for (`"inf"` back to Infinity); validated by `resolveGradClip`. */
export function gradClipFromJSON(json: GradClipJSON): GradClip {
  const normType = (json as { normType?: unknown }).normType;
  return (normType === 'inf' ? { ...json, normType: Number.POSITIVE_INFINITY } : json) as GradClip;
}
