import { Tensor } from '@rectify/core';
import {
  type ChannelStats,
  type FeatureMaps,
  type Filters,
  channelStats,
  firstFilters,
  traceFeatureMaps,
} from '../engine/conv-maps';
import type { Trainer } from '../engine/trainer';

/** Test images whose feature maps a frame carries; the page picks one of them to show. */
export const MAP_IMAGES = 6;

/** What the "see inside" view of a CNN shows, sent in frames of a run whose network has conv stages. */
export interface ConvViews {
  /** The first conv layer's filters. */
  readonly filters: Filters;
  /** `[images, channels, height, width]` of the input: the first {@link MAP_IMAGES} test images. */
  readonly images: Float32Array;
  readonly imageShape: readonly [number, number, number];
  /** Per conv stage, the feature maps of those images. */
  readonly maps: readonly FeatureMaps[];
  /** Per conv stage, dead channels and sparsity on the probe batch. */
  readonly stats: readonly ChannelStats[];
  /** Images in the probe batch. */
  readonly probeRows: number;
}

/** The CNN views of a trainer, or null when its model has no conv stage. Host weights: sync first on a GPU backend. */
export function convViews(t: Trainer): ConvViews | null {
  const filters = firstFilters(t.built.model);
  if (!filters) return null;
  const shape = t.built.model.inputShape as readonly [number, number, number];
  const per = shape[0] * shape[1] * shape[2];
  const n = Math.min(MAP_IMAGES, t.data.test.n);
  const images = t.data.test.x.slice(0, n * per);
  const probe = t.probeBatch;
  return {
    filters,
    images,
    imageShape: shape,
    maps: traceFeatureMaps(t.built.model, new Tensor(images, [n, ...shape])),
    stats: traceFeatureMaps(t.built.model, probe).map(channelStats),
    probeRows: probe.shape[0],
  };
}
