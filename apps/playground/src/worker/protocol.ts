import type { BackendReport } from '@rectify/core';
import type { LayerStats } from '../engine/layer-stats';
import type { Metrics } from '../engine/trainer';
import type { NetworkSpec, PlaygroundState } from '../state/types';

/** One model the worker trains; several run side by side in compare mode and scenarios. */
export interface RunSpec {
  readonly label: string;
  readonly state: PlaygroundState;
}

/** Messages from the page to the training worker. */
export type ToWorker =
  /** `generation` numbers the builds; frames carry it so the page can drop frames of a model it replaced. */
  | { readonly type: 'init'; readonly runs: readonly RunSpec[]; readonly generation: number }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  /** The page has drawn the last frame; the worker sends the next one only after this (back-pressure). */
  | { readonly type: 'ack' }
  | { readonly type: 'step'; readonly steps: number }
  /** Training speed cap in steps per second (Infinity: as fast as the machine goes). */
  | { readonly type: 'speed'; readonly stepsPerSecond: number }
  | { readonly type: 'set-learning-rate'; readonly learningRate: number }
  | { readonly type: 'export-model' }
  | { readonly type: 'import-model'; readonly text: string }
  /** `softmax` appends a Softmax so the file outputs probabilities rather than logits. */
  | { readonly type: 'export-onnx'; readonly softmax: boolean }
  | { readonly type: 'import-onnx'; readonly bytes: Uint8Array };

/** Units drawn per hidden layer at most (thumbnails and weight lines); wider layers show a count of the rest. */
export const MAX_DRAWN_UNITS = 48;

/** Kernel weights between two consecutive hidden layers, cut to the drawn units. */
export interface LayerLinks {
  /** Drawn units of the lower layer (rows of `w`). */
  readonly from: number;
  /** Drawn units of the upper layer (columns of `w`). */
  readonly to: number;
  /** `from × to`, row-major: `w[i * to + j]` is the weight from unit i below to unit j above. */
  readonly w: Float32Array;
}

/** What the page draws of one run at one moment. */
export interface RunFrame {
  readonly label: string;
  readonly metrics: Metrics;
  readonly stats: readonly LayerStats[];
  readonly diverged: string | null;
}

/** Test digits with the model's guesses (MNIST only). */
export interface DigitSamples {
  /** `count × 784` pixels in [0, 1]. */
  readonly pixels: Float32Array;
  readonly predicted: readonly number[];
  readonly actual: readonly number[];
}

/** The heavy visuals of the main run: a plane for 2-D data sets, sample digits for MNIST. */
export interface Visuals {
  readonly digits?: DigitSamples;
  readonly res: number;
  /** Model output on the grid: probabilities (two classes) or values (regression). */
  readonly output: Float32Array;
  /** Per hidden layer, per unit: activation on a smaller grid. */
  readonly neurons: readonly (readonly Float32Array[])[];
  readonly neuronRes: number;
}

/** Messages from the training worker to the page. */
export type FromWorker =
  | { readonly type: 'loading'; readonly loaded: number; readonly total: number; readonly what: string }
  | {
      readonly type: 'ready';
      readonly generation: number;
      readonly runs: readonly { readonly label: string; readonly report: BackendReport | null }[];
      readonly points: {
        readonly train: Float32Array;
        readonly trainY: Float32Array;
        readonly test: Float32Array;
        readonly testY: Float32Array;
      } | null;
      readonly task: string;
    }
  | {
      readonly type: 'frame';
      readonly generation: number;
      readonly steps: number;
      /** The main run's backend report now (modes can change when a device fails). */
      readonly report: BackendReport | null;
      readonly playing: boolean;
      readonly runs: readonly RunFrame[];
      readonly visuals: Visuals | null;
      /** The main run's weights between consecutive hidden layers (`links[i]`: layer i to layer i + 1). */
      readonly links: readonly LayerLinks[];
    }
  | { readonly type: 'model'; readonly text: string }
  | { readonly type: 'onnx'; readonly bytes: Uint8Array }
  | {
      readonly type: 'imported';
      readonly label: string;
      /** What the importer noted (ONNX only). */
      readonly notes?: readonly string[];
      /** The imported model's hidden layers, for the page to show its architecture. */
      readonly network: NetworkSpec;
    }
  | { readonly type: 'error'; readonly message: string; readonly during: 'init' | 'train' | 'export' | 'import' };
