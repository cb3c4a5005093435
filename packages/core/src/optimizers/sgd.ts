import { ValidationError } from '../errors';
import type { Optimizer, OptimizerConfig, OptimizerState, ParamRef } from './contract';
import { checkSize, checkState } from './slots';
import { sgdMomentumUpdate, sgdUpdate } from './updates';
import { checkBoolean, checkKnownKeys, checkNumber } from './validate';

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** Step size (required), ≥ 0. */
  readonly learningRate: number;
  /** Momentum factor in [0, 1). Default 0 (plain SGD). */
  readonly momentum?: number;
  /** Dampening of the momentum in [0, 1]. Default 0. Must be 0 with Nesterov. */
  readonly dampening?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). Default false. */
  readonly nesterov?: boolean;
  /** L2 penalty added to the gradient (`g + weightDecay · p`) of parameters with `decay: true` only. Default 0. */
  readonly weightDecay?: number;
}

const SGD_KEYS = ['learningRate', 'momentum', 'dampening', 'nesterov', 'weightDecay'] as const;

interface SgdSlot {
  readonly buffer: Float32Array;
  initialized: boolean;
}

/** Stochastic gradient descent with PyTorch's `torch.optim.SGD` update rule. Create it with {@link sgd}. */
export class SgdOptimizer implements Optimizer {
  readonly type = 'sgd';
  /** Momentum factor μ (0: plain SGD). */
  readonly momentum: number;
  /** Dampening of the momentum. */
  readonly dampening: number;
  /** Whether the momentum is Nesterov's. */
  readonly nesterov: boolean;
  /** L2 penalty added to the gradient of decay parameters. */
  readonly weightDecay: number;
  private lr: number;
  private steps = 0;
  private readonly slots = new Map<string, SgdSlot>();

  /**
   * Defaults as in {@link SgdOptions}.
   * @throws ValidationError when `learningRate` is missing, an option is unknown or out of range, or Nesterov is
   * asked for without momentum or with dampening.
   */
  constructor(options: SgdOptions) {
    checkKnownKeys('sgd', options, SGD_KEYS);
    if (options.learningRate === undefined)
      throw new ValidationError('sgd: learningRate is required, e.g. sgd({ learningRate: 0.1 })');
    this.lr = checkNumber('sgd', 'learningRate', options.learningRate, { min: 0 });
    this.momentum = checkNumber('sgd', 'momentum', options.momentum ?? 0, { min: 0, max: 1, exclusiveMax: true });
    this.dampening = checkNumber('sgd', 'dampening', options.dampening ?? 0, { min: 0, max: 1 });
    this.nesterov = checkBoolean('sgd', 'nesterov', options.nesterov ?? false);
    this.weightDecay = checkNumber('sgd', 'weightDecay', options.weightDecay ?? 0, { min: 0 });
    if (this.nesterov && (this.momentum === 0 || this.dampening !== 0)) {
      throw new ValidationError('sgd: nesterov needs momentum > 0 and dampening 0; set momentum (e.g. 0.9) or nesterov: false');
    }
  }

  /** The step size; may be changed between steps. Setting a negative or non-finite value throws. */
  get learningRate(): number {
    return this.lr;
  }

  set learningRate(value: number) {
    this.lr = checkNumber('sgd', 'learningRate', value, { min: 0 });
  }

  /**
   * `d = g + wd·p` (decay params only); with momentum `b = d` on a parameter's first step, else
   * `b = μ·b + (1 − dampening)·d`; then `d = d + μ·b` (Nesterov) or `d = b`; `p = p − lr·d`.
   */
  step(params: readonly ParamRef[]): void {
    const lr = this.lr;
    const mu = this.momentum;
    const keep = 1 - this.dampening;
    const nesterov = this.nesterov;
    for (let k = 0; k < params.length; k++) {
      const ref = params[k];
      const p = ref.param.value;
      const g = ref.param.grad;
      const n = p.length;
      checkSize('sgd', ref.id, g.length, n);
      const wd = ref.param.decay ? this.weightDecay : 0;
      if (mu === 0) {
        sgdUpdate(p, g, lr, wd);
        continue;
      }
      const slot = this.slotFor(ref.id, n);
      sgdMomentumUpdate(p, g, slot.buffer, { lr, wd, mu, keep, nesterov }, !slot.initialized);
      slot.initialized = true;
    }
    this.steps++;
  }

  private slotFor(id: string, n: number): SgdSlot {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = { buffer: new Float32Array(n), initialized: false };
      this.slots.set(id, slot);
    }
    checkSize('sgd', id, slot.buffer.length, n);
    return slot;
  }

  config(): OptimizerConfig {
    return {
      type: 'sgd',
      learningRate: this.lr,
      momentum: this.momentum,
      dampening: this.dampening,
      nesterov: this.nesterov,
      weightDecay: this.weightDecay,
    };
  }

  /** The step count and, for each parameter that has taken a momentum step, its `momentum` buffer. */
  getState(): OptimizerState {
    const slots: Record<string, Record<string, number[]>> = {};
    for (const [id, slot] of this.slots) {
      if (slot.initialized) slots[id] = { momentum: Array.from(slot.buffer) };
    }
    return { step: this.steps, slots };
  }

  setState(state: OptimizerState, params: readonly ParamRef[]): void {
    checkState(
      'sgd',
      state,
      params,
      (ref): Record<string, number> => (this.momentum > 0 ? { momentum: ref.param.value.length } : {}),
    );
    this.slots.clear();
    for (const [id, saved] of Object.entries(state.slots)) {
      if (saved.momentum === undefined) continue;
      this.slots.set(id, { buffer: Float32Array.from(saved.momentum), initialized: true });
    }
    this.steps = state.step;
  }
}

/**
 * SGD with optional momentum, Nesterov momentum and L2 weight decay, following `torch.optim.SGD` exactly
 * (the momentum buffer starts as the first gradient). Weight decay applies to parameters with `decay: true` only.
 * @example sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })
 */
export function sgd(options: SgdOptions): SgdOptimizer {
  return new SgdOptimizer(options);
}
