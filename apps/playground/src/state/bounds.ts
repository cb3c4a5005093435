import { limits } from './defaults';

/** A numeric field of the state: what users call it and the values it takes. */
export interface FieldBounds {
  /** The field in words a page user knows ("learning rate", "data seed"). */
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  /** Step of the page's number box. */
  readonly step?: number;
}

/** Largest seed core's `Rng` and `sequential` take (seeds are integers in [0, 2^32)). */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * Every numeric field of the state, with core's bounds where core has them (seeds, a positive learning rate). The
 * controls, the URL decoder and the worker all check against this one table.
 */
export const BOUNDS = {
  samples: { label: 'number of samples', min: 10, max: limits.maxSamples, integer: true, step: 10 },
  noise: { label: 'noise', min: 0, max: 1, step: 0.05 },
  trainFraction: { label: 'training share', min: 0.05, max: 0.95, step: 0.05 },
  positiveFraction: { label: 'positive share', min: 0.02, max: 0.98, step: 0.02 },
  dataSeed: { label: 'data seed', min: 0, max: MAX_SEED, integer: true, step: 1 },
  units: { label: 'number of units', min: 1, max: limits.maxUnits, integer: true, step: 1 },
  learningRate: { label: 'learning rate', min: 1e-6, max: 10 },
  batchSize: { label: 'batch size', min: 1, max: limits.maxBatchSize, integer: true, step: 1 },
  biasInit: { label: 'bias init', min: -100, max: 100, step: 0.5 },
  l2: { label: 'L2', min: 0, max: 1, step: 0.0001 },
  l1: { label: 'L1', min: 0, max: 1, step: 0.0001 },
  seed: { label: 'model seed', min: 0, max: MAX_SEED, integer: true, step: 1 },
} as const satisfies Record<string, FieldBounds>;

const show = (n: number): string =>
  Math.abs(n) >= 1e6 || (n !== 0 && Math.abs(n) < 1e-3) ? String(n) : n.toLocaleString('en-US', { maximumFractionDigits: 6 });

/** What the field accepts, e.g. "use a whole number from 0 to 4,294,967,295". */
export function accepted(b: FieldBounds): string {
  return `use ${b.integer ? 'a whole number' : 'a number'} from ${show(b.min)} to ${show(b.max)}`;
}

/**
 * Why `value` does not fit the field, in the user's words ("a learning rate of Infinity is too large; use a number
 * from 0.000001 to 10"), or null when it fits.
 */
export function boundsProblem(b: FieldBounds, value: unknown): string | null {
  const article = /^[aeiouL]/.test(b.label) ? 'an' : 'a';
  if (typeof value !== 'number' || Number.isNaN(value)) {
    const given = typeof value === 'string' ? `"${value.slice(0, 20)}"` : value === undefined ? 'nothing' : String(value);
    return `the ${b.label} must be a number, not ${given}; ${accepted(b)}`;
  }
  if (value > b.max) return `${article} ${b.label} of ${value} is too large; ${accepted(b)}`;
  if (value < b.min) return `${article} ${b.label} of ${value} is too small; ${accepted(b)}`;
  if (b.integer && !Number.isInteger(value)) return `${article} ${b.label} of ${value} is not a whole number; ${accepted(b)}`;
  return null;
}
