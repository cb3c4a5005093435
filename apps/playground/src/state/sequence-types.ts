/** The sequence data sets of the sequence view: the adding problem of length T, or MNIST read row by row. */
export type SequenceDataName = 'adding' | 'row-mnist';

/**
 * The recurrent matrix's initialiser: `identity` (IRNN, Le, Jaitly and Hinton 2015), `orthogonal` (the layer's
 * default) or `gaussian` (a small Gaussian, std {@link SMALL_GAUSSIAN_STD}, the paper's baseline recurrent init).
 */
export type RecurrentInitName = 'identity' | 'orthogonal' | 'gaussian';

/** Standard deviation of the `gaussian` recurrent initialiser. */
export const SMALL_GAUSSIAN_STD = 0.001;

/** A sequence task and the recurrent network trained on it: one SimpleRNN layer, then a dense output layer. */
export interface SequenceSpec {
  readonly data: SequenceDataName;
  /** Sequence length T of the adding problem (row MNIST always has 28 steps). */
  readonly length: number;
  /** SimpleRNN units. */
  readonly units: number;
  /** The SimpleRNN's activation: a registered plugin without learnable parameters, e.g. `relu` or `tanh`. */
  readonly activation: string;
  readonly recurrentInit: RecurrentInitName;
}
