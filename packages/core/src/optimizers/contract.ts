import type { Param } from '../layers/contract';

/** A parameter with the model-wide id the optimizer keys its state by, e.g. `layers.0.kernel`. */
export interface ParamRef {
  readonly id: string;
  readonly param: Param;
}

/** JSON form of an optimizer: its type and hyper-parameters. */
export interface OptimizerConfig {
  readonly type: 'sgd' | 'adam' | 'adamw' | (string & {});
  readonly learningRate: number;
  readonly [key: string]: unknown;
}

/** Serialisable per-parameter state (moments, step counts), keyed by parameter id then slot name. */
export interface OptimizerState {
  readonly step: number;
  readonly slots: Readonly<Record<string, Readonly<Record<string, number[]>>>>;
}

/** Updates parameters in place from their accumulated gradients. Allocates state once per parameter. */
export interface Optimizer {
  readonly type: string;
  /** May be changed between steps (schedules, the playground's slider). */
  learningRate: number;
  /** One update of every parameter from `param.grad`. Does not zero the gradients. */
  step(params: readonly ParamRef[]): void;
  config(): OptimizerConfig;
  getState(): OptimizerState;
  /** Restores state saved by `getState`; throws a ValidationError when sizes do not match the parameters. */
  setState(state: OptimizerState, params: readonly ParamRef[]): void;
}
