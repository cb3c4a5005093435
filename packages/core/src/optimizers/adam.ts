import { ValidationError } from '../errors';
import type { Optimizer, OptimizerConfig, OptimizerState, ParamRef } from './contract';
import { checkSize, checkState } from './slots';
import { adamUpdate } from './updates';
import { checkKnownKeys, checkNumber } from './validate';

/** Options of {@link adam}. */
export interface AdamOptions {
  /** Step size, ≥ 0. Default 0.001. */
  readonly learningRate?: number;
  /** Decay of the first-moment average, in [0, 1). Default 0.9. */
  readonly beta1?: number;
  /** Decay of the second-moment average, in [0, 1). Default 0.999. */
  readonly beta2?: number;
  /** Added to the denominator for stability, > 0. Default 1e-8. */
  readonly epsilon?: number;
}

/** Options of {@link adamw}. */
export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay, ≥ 0, applied to parameters with `decay: true` only. Default 0.01. */
  readonly weightDecay?: number;
}

const ADAM_KEYS = ['learningRate', 'beta1', 'beta2', 'epsilon'] as const;
const ADAMW_KEYS = [...ADAM_KEYS, 'weightDecay'] as const;

interface AdamSlot {
  readonly m: Float32Array;
  readonly v: Float32Array;
  step: number;
}

/**
 * Adam and AdamW with PyTorch's update rules (`torch.optim.Adam` / `torch.optim.AdamW`, no amsgrad). Create it with
 * {@link adam} or {@link adamw}. Moments are stored in float32 and updated in float64 arithmetic.
 */
export class AdamOptimizer implements Optimizer {
  /** `adamw` when weight decay is decoupled, else `adam`. */
  readonly type: 'adam' | 'adamw';
  /** Decay of the first-moment average. */
  readonly beta1: number;
  /** Decay of the second-moment average. */
  readonly beta2: number;
  /** Added to the denominator for stability. */
  readonly epsilon: number;
  /** Decoupled weight decay (0 for Adam). */
  readonly weightDecay: number;
  private lr: number;
  private steps = 0;
  private readonly slots = new Map<string, AdamSlot>();

  /**
   * Defaults as in {@link AdamWOptions}; `weightDecay` is only accepted for `adamw`.
   * @throws ValidationError on an unknown option or a value out of its range.
   */
  constructor(type: 'adam' | 'adamw', options: AdamWOptions = {}) {
    checkKnownKeys(type, options, type === 'adam' ? ADAM_KEYS : ADAMW_KEYS);
    this.type = type;
    this.lr = checkNumber(type, 'learningRate', options.learningRate ?? 0.001, { min: 0 });
    this.beta1 = checkNumber(type, 'beta1', options.beta1 ?? 0.9, { min: 0, max: 1, exclusiveMax: true });
    this.beta2 = checkNumber(type, 'beta2', options.beta2 ?? 0.999, { min: 0, max: 1, exclusiveMax: true });
    this.epsilon = checkNumber(type, 'epsilon', options.epsilon ?? 1e-8, { min: 0, exclusiveMin: true });
    this.weightDecay = type === 'adamw' ? checkNumber(type, 'weightDecay', options.weightDecay ?? 0.01, { min: 0 }) : 0;
  }

  /** The step size; may be changed between steps. Setting a negative or non-finite value throws. */
  get learningRate(): number {
    return this.lr;
  }

  set learningRate(value: number) {
    this.lr = checkNumber(this.type, 'learningRate', value, { min: 0 });
  }

  /**
   * Per parameter, with its own step count t: `p ← p·(1 − lr·wd)` (AdamW, decay params only);
   * `m ← β1·m + (1 − β1)·g`; `v ← β2·v + (1 − β2)·g²`; `p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)`.
   */
  step(params: readonly ParamRef[]): void {
    const lr = this.lr;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const eps = this.epsilon;
    for (let k = 0; k < params.length; k++) {
      const ref = params[k];
      const p = ref.param.value;
      const g = ref.param.grad;
      const n = p.length;
      checkSize(this.type, ref.id, g.length, n);
      const slot = this.slotFor(ref.id, n);
      const t = ++slot.step;
      const stepSize = lr / (1 - b1 ** t);
      const sqrtBc2 = Math.sqrt(1 - b2 ** t);
      const shrink = ref.param.decay ? 1 - lr * this.weightDecay : 1;
      adamUpdate(p, g, slot.m, slot.v, { b1, c1: 1 - b1, b2, c2: 1 - b2, shrink, stepSize, sqrtBc2, eps });
    }
    this.steps++;
  }

  private slotFor(id: string, n: number): AdamSlot {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = { m: new Float32Array(n), v: new Float32Array(n), step: 0 };
      this.slots.set(id, slot);
    }
    checkSize(this.type, id, slot.m.length, n);
    return slot;
  }

  config(): OptimizerConfig {
    const base = { type: this.type, learningRate: this.lr, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
    return this.type === 'adamw' ? { ...base, weightDecay: this.weightDecay } : base;
  }

  /** The step count and, per parameter, its moments `m`, `v` and its own step count `step` (one value). */
  getState(): OptimizerState {
    const slots: Record<string, Record<string, number[]>> = {};
    for (const [id, slot] of this.slots) {
      slots[id] = { m: Array.from(slot.m), v: Array.from(slot.v), step: [slot.step] };
    }
    return { step: this.steps, slots };
  }

  setState(state: OptimizerState, params: readonly ParamRef[]): void {
    checkState(this.type, state, params, (ref) => ({ m: ref.param.value.length, v: ref.param.value.length, step: 1 }));
    for (const [id, saved] of Object.entries(state.slots)) {
      const t = saved.step[0];
      if (!Number.isInteger(t) || t < 0) {
        throw new ValidationError(
          `${this.type}.setState: parameter "${id}" slot "step" must be a non-negative integer, got ${t}`,
        );
      }
      if (saved.v.some((x) => x < 0)) {
        throw new ValidationError(`${this.type}.setState: parameter "${id}" slot "v" has a negative value; it must be ≥ 0`);
      }
    }
    this.slots.clear();
    for (const [id, saved] of Object.entries(state.slots)) {
      this.slots.set(id, { m: Float32Array.from(saved.m), v: Float32Array.from(saved.v), step: saved.step[0] });
    }
    this.steps = state.step;
  }
}

/**
 * Adam with bias correction, following `torch.optim.Adam` (no weight decay; use `l2` in `compile` or {@link adamw}).
 * @example adam({ learningRate: 0.01 })
 */
export function adam(options: AdamOptions = {}): AdamOptimizer {
  return new AdamOptimizer('adam', options);
}

/**
 * AdamW: Adam with decoupled weight decay (`p ← p·(1 − lr·weightDecay)` before the Adam step), following
 * `torch.optim.AdamW`. The decay skips parameters with `decay: false` (biases, activation slopes).
 * @example adamw({ learningRate: 0.001, weightDecay: 0.01 })
 */
export function adamw(options: AdamWOptions = {}): AdamOptimizer {
  return new AdamOptimizer('adamw', options);
}
