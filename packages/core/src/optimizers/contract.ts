import type { Param } from '../layers/contract';

/** A parameter with the model-wide id the optimizer keys its state by, e.g. `layers.0.kernel`. */
export interface ParamRef {
  /** Model-wide id, stable across save and load. */
  readonly id: string;
  /** The parameter: the optimizer updates `param.value` from `param.grad`. */
  readonly param: Param;
}

/** JSON form of an optimizer: its type and hyper-parameters. */
export interface OptimizerConfig {
  /** The optimizer's name. */
  readonly type: 'sgd' | 'adam' | 'adamw' | (string & {});
  /** Step size at the time the config was taken. */
  readonly learningRate: number;
  /** Its other hyper-parameters, e.g. `momentum` or `beta1`. */
  readonly [key: string]: unknown;
}

/** Serialisable per-parameter state (moments, step counts), keyed by parameter id then slot name. */
export interface OptimizerState {
  /** How many times `step` has been called. */
  readonly step: number;
  /** Per parameter id, per slot name (`m`, `v`, `momentum`, …), the slot's values. */
  readonly slots: Readonly<Record<string, Readonly<Record<string, number[]>>>>;
}

/** Updates parameters in place from their accumulated gradients. Allocates state once per parameter. */
export interface Optimizer {
  /** The optimizer's name, as in its config: `sgd`, `adam`, `adamw`. */
  readonly type: string;
  /** May be changed between steps (schedules, the playground's slider). */
  learningRate: number;
  /** One update of every parameter from `param.grad`. Does not zero the gradients. */
  step(params: readonly ParamRef[]): void;
  /** Type and hyper-parameters: `optimizerFromConfig` rebuilds an equal optimizer (without its state) from them. */
  config(): OptimizerConfig;
  /** A JSON-safe copy of the step count and per-parameter state, for saving and `setState`. */
  getState(): OptimizerState;
  /** Restores state saved by `getState`; throws a ValidationError when sizes do not match the parameters. */
  setState(state: OptimizerState, params: readonly ParamRef[]): void;
}
