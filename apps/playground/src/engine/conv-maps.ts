import type { Layer, Sequential, Tensor } from '@rectify/core';

/** One conv stage's activation output on a batch: NCHW feature maps (a copy, safe to keep). */
export interface FeatureMaps {
  /** Index of the conv stage among the model's conv layers, 0 for the first. */
  readonly stage: number;
  readonly rows: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** `[rows, channels, height, width]` row-major: the activation's output after the conv layer. */
  readonly maps: Float32Array;
}

/** The conv2d layers of a model, in order (top-level only, as the playground builds them). */
export function convLayers(model: Sequential): Layer[] {
  return model.layers.filter((l) => l.type === 'conv2d');
}

/**
 * Runs the model's host layers on `x` (inference mode) up to its flatten and keeps the feature maps after each conv
 * stage's activation. On a GPU backend, call `model.sync()` first so the host weights are current.
 */
export function traceFeatureMaps(model: Sequential, x: Tensor): FeatureMaps[] {
  const out: FeatureMaps[] = [];
  const layers = model.layers;
  let cur = x;
  for (let i = 0; i < layers.length && layers[i].type !== 'flatten'; i++) {
    cur = layers[i].forward(cur, false);
    if (layers[i].type === 'activation' && layers[i - 1]?.type === 'conv2d') {
      const [rows, channels, height, width] = cur.shape;
      out.push({ stage: out.length, rows, channels, height, width, maps: cur.data.slice(0, cur.size) });
    }
  }
  return out;
}

/** Per channel of one conv stage, on a probe batch. */
export interface ChannelStats {
  readonly stage: number;
  readonly channels: number;
  /**
   * Per channel: the activation's output is exactly 0 at every position of every probe image. For ReLU this is
   * "never fires"; such a channel passes no gradient to its filter and stays dead.
   */
  readonly dead: readonly boolean[];
  /** Fraction of dead channels. */
  readonly deadFraction: number;
  /** Per channel: the fraction of its outputs (all positions, all probe images) that are exactly 0. */
  readonly channelSparsity: readonly number[];
  /** The fraction of the stage's outputs that are exactly 0. */
  readonly sparsity: number;
}

/** Dead channels and sparsity of one stage's feature maps. */
export function channelStats(f: FeatureMaps): ChannelStats {
  const plane = f.height * f.width;
  const zeros = new Float64Array(f.channels);
  for (let r = 0; r < f.rows; r++) {
    for (let c = 0; c < f.channels; c++) {
      const base = (r * f.channels + c) * plane;
      let z = 0;
      for (let p = 0; p < plane; p++) if (f.maps[base + p] === 0) z++;
      zeros[c] += z;
    }
  }
  const perChannel = f.rows * plane;
  const channelSparsity = Array.from(zeros, (z) => z / perChannel);
  const dead = channelSparsity.map((s) => s === 1);
  return {
    stage: f.stage,
    channels: f.channels,
    dead,
    deadFraction: dead.filter(Boolean).length / f.channels,
    channelSparsity,
    sparsity: zeros.reduce((a, b) => a + b, 0) / (perChannel * f.channels),
  };
}

/** The first conv layer's filters, for drawing as images. */
export interface Filters {
  readonly count: number;
  readonly inChannels: number;
  readonly height: number;
  readonly width: number;
  /** `[count, inChannels, height, width]` row-major (a copy). */
  readonly weights: Float32Array;
}

/** The first conv layer's kernel as images, or null for a model without conv layers. Host weights (`sync()` first). */
export function firstFilters(model: Sequential): Filters | null {
  const conv = convLayers(model)[0];
  if (!conv) return null;
  const kernel = conv.param('kernel');
  const [count, inChannels, height, width] = kernel.shape;
  return { count, inChannels, height, width, weights: kernel.value.slice() };
}
