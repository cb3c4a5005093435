import type { SequenceSpec } from '../state/sequence-types';

/** Messages from the page to the sequence worker. */
export type ToSequenceWorker =
  | { readonly type: 'build'; readonly spec: SequenceSpec; readonly seed: number; readonly generation: number }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step' }
  /** The page drew the last frame: the next may come. */
  | { readonly type: 'ack' };

/** What the sequence view draws: the probe of the current model. */
export interface SequenceFrame {
  readonly type: 'frame';
  readonly generation: number;
  readonly step: number;
  readonly playing: boolean;
  readonly trainLoss: number;
  readonly testLoss: number;
  /** Test accuracy on row MNIST; NaN on the adding problem. */
  readonly testAccuracy: number;
  /** The loss to beat: 1/6 on the adding problem, null on row MNIST. */
  readonly baseline: number | null;
  readonly steps: number;
  readonly units: number;
  /** Examples whose states are sent, each `[steps, units]`, one after another. */
  readonly examples: number;
  readonly states: Float32Array;
  /** Per unit: dead over the whole probe batch and every step. */
  readonly dead: readonly boolean[];
  /** ‖∂loss/∂h_t‖ on the probe batch, t = 1…T. */
  readonly gradNorm: readonly number[];
  /** Probe batch size. */
  readonly probeRows: number;
}

/** Messages from the sequence worker to the page. */
export type FromSequenceWorker =
  | SequenceFrame
  | { readonly type: 'loading'; readonly loaded: number; readonly total: number }
  | { readonly type: 'error'; readonly message: string };
