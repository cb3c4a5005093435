import type { BackendReport } from '@rectify/core';
import type { LayerStats } from '../engine/layer-stats';
import type { Metrics } from '../engine/trainer';
import type { NetworkSpec, PlaygroundState } from '../state/types';
import type { ConvViews } from './conv-frames';

/** One model the worker trains; several run side by side in compare mode and scenarios. */
export interface RunSpec {
  readonly label: string;
  readonly state: PlaygroundState;
}

/** Messages from the page to the training worker. */
export type ToWorker =
  /** `generation` numbers the builds; frames carry it so the page can drop frames of a model it replaced. */
  /** `stopAt`: training pauses by itself at this step (a scenario's step count). */
  | { readonly type: 'init'; readonly runs: readonly RunSpec[]; readonly generation: number; readonly stopAt?: number }
  /** Which run the network, per-layer and output views show (an index into the runs of the last `init`). */
  | { readonly type: 'show'; readonly run: number }
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

/**
 * Kernel weights between two consecutive columns of the network drawing (inputs, hidden layers, outputs), cut to the
 * drawn units.
 */
export interface LayerLinks {
  /** Drawn nodes of the lower column (rows of `w`). */
  readonly from: number;
  /** Drawn nodes of the upper column (columns of `w`). */
  readonly to: number;
  /** `from × to`, row-major: `w[i * to + j]` is the weight from node i below to node j above. */
  readonly w: Float32Array;
  /**
   * Set when the lower column is one block standing for many inputs (MNIST's 784 pixels): `from` is 1 and `w[j]` is
   * the L2 norm of unit j's incoming weights, drawn without a sign.
   */
  readonly magnitude?: boolean;
}

/**
 * What the neuron thumbnails show on MNIST, sent only when the weights changed (a new model or new steps). Fresh
 * arrays, never views of model buffers: a view of WebAssembly memory would clone the whole memory.
 */
export interface MnistUnitViews {
  /** Drawn units of the first hidden layer (at most `MAX_DRAWN_UNITS`). */
  readonly units: number;
  /** `units × 784`, unit-major: `firstLayer[u * 784 + p]` is the weight from pixel p (row-major 28 × 28) into unit u. */
  readonly firstLayer: Float32Array;
  /** Per hidden layer after the first: `drawn × classes`, each unit's mean activation per digit on the probe rows. */
  readonly classMeans: readonly Float32Array[];
  readonly classes: number;
  /** Training images the class means average over. */
  readonly probeRows: number;
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
  /** A CNN's filters, feature maps and per-channel statistics (networks with conv stages only). */
  readonly conv?: ConvViews;
  /** MNIST only, and only in frames where the weights changed: keep the last one until a new one comes. */
  readonly mnistUnits?: MnistUnitViews;
  readonly res: number;
  /** Model output on the grid: probabilities (two classes) or values (regression). */
  readonly output: Float32Array;
  /** Per hidden layer, per unit: activation on a smaller grid. */
  readonly neurons: readonly (readonly Float32Array[])[];
  readonly neuronRes: number;
}

/** Train and test points of a 2-D data set, for the output view. */
export interface PlanePoints {
  readonly train: Float32Array;
  readonly trainY: Float32Array;
  readonly test: Float32Array;
  readonly testY: Float32Array;
}

/** Messages from the training worker to the page. */
export type FromWorker =
  | { readonly type: 'loading'; readonly loaded: number; readonly total: number; readonly what: string }
  | {
      readonly type: 'ready';
      readonly generation: number;
      readonly runs: readonly { readonly label: string; readonly report: BackendReport | null }[];
      readonly points: PlanePoints | null;
      readonly task: string;
    }
  | {
      readonly type: 'frame';
      readonly generation: number;
      readonly steps: number;
      /** Training speed measured since the last frame, in steps per second (0 while paused). */
      readonly stepsPerSecond: number;
      /** The step at which training pauses by itself, if any. */
      readonly stopAt: number | null;
      /** Index of the run whose visuals, links and report this frame carries. */
      readonly shown: number;
      /** The shown run's backend report now (modes can change when a device fails). */
      readonly report: BackendReport | null;
      readonly playing: boolean;
      readonly runs: readonly RunFrame[];
      readonly visuals: Visuals | null;
      /**
       * The shown run's weights between consecutive columns of the network drawing: `links[0]` inputs to the first
       * hidden layer, `links[i]` hidden layer i − 1 to i, the last one into the outputs.
       */
      readonly links: readonly LayerLinks[];
    }
  /** The shown run's data points, sent when the views switch to a run on other data (a scenario's variant). */
  | { readonly type: 'points'; readonly points: PlanePoints | null; readonly task: string }
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
