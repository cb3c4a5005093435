import { ValidationError } from '../errors';

/** Options of {@link PlateauTracker} and `reduceLROnPlateau`, named as PyTorch's `ReduceLROnPlateau`. */
export interface PlateauOptions {
  /** `min` (default): lower is better; `max`: higher is better. */
  readonly mode?: 'min' | 'max';
  /** The rate is multiplied by this on a plateau, in (0, 1). Default 0.1. */
  readonly factor?: number;
  /** Epochs without improvement tolerated; the rate drops on the next one. Default 10. */
  readonly patience?: number;
  /** How much better counts as better. Default 1e-4. */
  readonly threshold?: number;
  /** `rel` (default): better than `best·(1 ∓ threshold)`; `abs`: better than `best ∓ threshold`. */
  readonly thresholdMode?: 'rel' | 'abs';
  /** Epochs after a drop during which bad epochs are not counted. Default 0. */
  readonly cooldown?: number;
  /** The rate never drops below this. Default 0. */
  readonly minLr?: number;
  /** A drop smaller than this is skipped. Default 1e-8. */
  readonly eps?: number;
}

function num(name: string, v: unknown, ok: (x: number) => boolean, range: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) {
    throw new ValidationError(`reduceLROnPlateau: ${name} must be ${range}, got ${String(v)}`);
  }
  return v;
}

/**
 * PyTorch's `ReduceLROnPlateau.step(metric)` as a pure state machine: feed it each epoch's value and the current
 * rate, get the rate to use next.
 */
export class PlateauTracker {
  private readonly mode: 'min' | 'max';
  private readonly factor: number;
  private readonly patience: number;
  private readonly threshold: number;
  private readonly relative: boolean;
  private readonly cooldown: number;
  private readonly minLr: number;
  private readonly eps: number;
  private best: number;
  private bad = 0;
  private cooldownLeft = 0;

  /** Validates the options (PyTorch's defaults) and starts with no best value. */
  constructor(options: PlateauOptions = {}) {
    const mode = options.mode ?? 'min';
    if (mode !== 'min' && mode !== 'max')
      throw new ValidationError(`reduceLROnPlateau: mode must be 'min' or 'max', got ${String(mode)}`);
    const thresholdMode = options.thresholdMode ?? 'rel';
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
      throw new ValidationError(`reduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got ${String(thresholdMode)}`);
    }
    this.mode = mode;
    this.relative = thresholdMode === 'rel';
    this.factor = num('factor', options.factor ?? 0.1, (x) => x > 0 && x < 1, 'in (0, 1)');
    this.patience = num('patience', options.patience ?? 10, (x) => Number.isInteger(x) && x >= 0, 'an integer ≥ 0');
    this.threshold = num('threshold', options.threshold ?? 1e-4, (x) => x >= 0, '≥ 0');
    this.cooldown = num('cooldown', options.cooldown ?? 0, (x) => Number.isInteger(x) && x >= 0, 'an integer ≥ 0');
    this.minLr = num('minLr', options.minLr ?? 0, (x) => x >= 0, '≥ 0');
    this.eps = num('eps', options.eps ?? 1e-8, (x) => x >= 0, '≥ 0');
    this.best = mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  private isBetter(v: number): boolean {
    const t = this.threshold;
    if (this.mode === 'min') return this.relative ? v < this.best * (1 - t) : v < this.best - t;
    return this.relative ? v > this.best * (1 + t) : v > this.best + t;
  }

  /** Records one epoch's `value` and returns the rate to continue with (lower than `rate` after a plateau). */
  step(value: number, rate: number): number {
    if (this.isBetter(value)) {
      this.best = value;
      this.bad = 0;
    } else {
      this.bad++;
    }
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.bad = 0;
    }
    if (this.bad > this.patience) {
      this.cooldownLeft = this.cooldown;
      this.bad = 0;
      const next = Math.max(rate * this.factor, this.minLr);
      if (rate - next > this.eps) return next;
    }
    return rate;
  }
}
