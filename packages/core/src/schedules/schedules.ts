import type { LearningRateSchedule } from './contract';
import { checkPositiveInt, checkRange } from './check';

/**
 * PyTorch's `StepLR(step_size, gamma)`: the rate is multiplied by `gamma` every `stepSize` steps,
 * `base · gamma^⌊step / stepSize⌋`.
 */
export function stepLR(options: { readonly stepSize: number; readonly gamma?: number }): LearningRateSchedule {
  const stepSize = checkPositiveInt('stepLR', 'stepSize', options?.stepSize);
  const gamma = checkRange('stepLR', 'gamma', options.gamma ?? 0.1, 0);
  return Object.freeze({ name: 'step', rateAt: (step: number, base: number) => base * gamma ** Math.floor(step / stepSize) });
}

/** PyTorch's `ExponentialLR(gamma)`: `base · gamma^step`. */
export function exponentialLR(options: { readonly gamma: number }): LearningRateSchedule {
  const gamma = checkRange('exponentialLR', 'gamma', options?.gamma, 0);
  return Object.freeze({ name: 'exponential', rateAt: (step: number, base: number) => base * gamma ** step });
}

function cosine(step: number, base: number, tMax: number, etaMin: number): number {
  return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * step) / tMax))) / 2;
}

/**
 * PyTorch's `CosineAnnealingLR(T_max, eta_min)` in its closed form: `etaMin + (base − etaMin)(1 + cos(π·step/tMax))/2`
 * (it rises again after `tMax`, as PyTorch's does).
 */
export function cosineAnnealingLR(options: { readonly tMax: number; readonly etaMin?: number }): LearningRateSchedule {
  const tMax = checkPositiveInt('cosineAnnealingLR', 'tMax', options?.tMax);
  const etaMin = checkRange('cosineAnnealingLR', 'etaMin', options.etaMin ?? 0, 0);
  return Object.freeze({ name: 'cosine', rateAt: (step: number, base: number) => cosine(step, base, tMax, etaMin) });
}

/** Options of {@link cosineWithWarmup}. */
export interface CosineWarmupOptions {
  /** Steps of linear warm-up (PyTorch `LinearLR(total_iters=warmupSteps)`). */
  readonly warmupSteps: number;
  /** Fraction of the base rate the warm-up starts at, in (0, 1]. Default 1/3, as PyTorch's `LinearLR`. */
  readonly startFactor?: number;
  /** Steps of the cosine phase after the warm-up (its `T_max`). */
  readonly tMax: number;
  /** The cosine's floor. Default 0. */
  readonly etaMin?: number;
}

/**
 * Linear warm-up, then cosine annealing: PyTorch's `SequentialLR([LinearLR(startFactor, 1, warmupSteps),
 * CosineAnnealingLR(tMax, etaMin)], milestones=[warmupSteps])`. During the warm-up
 * `base·(startFactor + (1 − startFactor)·step/warmupSteps)`; from `warmupSteps` on, the cosine of `step − warmupSteps`.
 */
export function cosineWithWarmup(options: CosineWarmupOptions): LearningRateSchedule {
  const warmup = checkPositiveInt('cosineWithWarmup', 'warmupSteps', options?.warmupSteps);
  const start = checkRange('cosineWithWarmup', 'startFactor', options.startFactor ?? 1 / 3, Number.MIN_VALUE, 1);
  const tMax = checkPositiveInt('cosineWithWarmup', 'tMax', options.tMax);
  const etaMin = checkRange('cosineWithWarmup', 'etaMin', options.etaMin ?? 0, 0);
  return Object.freeze({
    name: 'cosine-warmup',
    rateAt: (step: number, base: number) =>
      step < warmup ? base * (start + ((1 - start) * step) / warmup) : cosine(step - warmup, base, tMax, etaMin),
  });
}
