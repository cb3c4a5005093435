import { type Registry, ValidationError } from '@rectify/core';
import { type FieldBounds, boundsProblem } from './bounds';
import type { ConvStage, DatasetName } from './types';

/** The `[channels, height, width]` of one image, as a convolutional model reads it (NCHW without the batch). */
export type ImageShape = readonly [channels: number, height: number, width: number];

/** Side of a bars-and-stripes image in pixels. */
export const BARS_SIDE = 12;

/** The image shape of a data set whose samples are images (MNIST, bars and stripes); null for the 2-D sets. */
export function imageShapeOf(name: DatasetName): ImageShape | null {
  if (name === 'mnist') return [1, 28, 28];
  if (name === 'bars') return [1, BARS_SIDE, BARS_SIDE];
  return null;
}

/** Most convolution and pooling stages a network may have. */
export const MAX_CONV_STAGES = 8;

/** The numeric fields of a stage, checked like the rest of the state (see `BOUNDS`). */
export const CONV_BOUNDS = {
  channels: { label: 'number of channels', min: 1, max: 64, integer: true, step: 1 },
  kernel: { label: 'kernel size', min: 1, max: 9, integer: true, step: 1 },
  stride: { label: 'stride', min: 1, max: 4, integer: true, step: 1 },
  padding: { label: 'padding', min: 0, max: 4, integer: true, step: 1 },
  size: { label: 'pool size', min: 2, max: 4, integer: true, step: 1 },
} as const satisfies Record<string, FieldBounds>;

/** The feature-map shape after each stage for an input image; sides below 1 are returned as they are (see below). */
export function stageShapes(stages: readonly ConvStage[], image: ImageShape): ImageShape[] {
  const out: ImageShape[] = [];
  let [c, h, w] = image;
  for (const s of stages) {
    if (s.kind === 'conv') {
      c = s.channels;
      h = Math.floor((h + 2 * s.padding - s.kernel) / s.stride) + 1;
      w = Math.floor((w + 2 * s.padding - s.kernel) / s.stride) + 1;
    } else {
      h = Math.floor(h / s.size);
      w = Math.floor(w / s.size);
    }
    out.push([c, h, w]);
  }
  return out;
}

function field(o: Record<string, unknown>, key: keyof typeof CONV_BOUNDS, fallback: number, where: string): number {
  const v = o[key] ?? fallback;
  const problem = boundsProblem(CONV_BOUNDS[key], v);
  if (problem) throw new ValidationError(`${where}: ${problem}`);
  return v as number;
}

function stage(v: unknown, i: number, registry?: Registry): ConvStage {
  const where = `convolution stage ${i + 1}`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValidationError(`${where} is missing or not readable`);
  const o = v as Record<string, unknown>;
  if (o.kind === 'pool') {
    const pool = o.pool ?? 'max';
    if (pool !== 'max' && pool !== 'avg')
      throw new ValidationError(`${where}: pooling is "max" or "avg", not ${JSON.stringify(pool)?.slice(0, 20)}`);
    return { kind: 'pool', pool, size: field(o, 'size', 2, where) };
  }
  if (o.kind !== 'conv')
    throw new ValidationError(`${where}: a stage is a "conv" or a "pool", not ${JSON.stringify(o.kind)?.slice(0, 20)}`);
  const activation = o.activation ?? 'relu';
  if (
    typeof activation !== 'string' ||
    !/^[a-z][a-z0-9-]{0,40}$/.test(activation) ||
    (registry && !registry.hasActivation(activation))
  ) {
    throw new ValidationError(
      `${where}: there is no activation called ${JSON.stringify(activation)?.slice(0, 40)}; use a registered name such as "relu"`,
    );
  }
  return {
    kind: 'conv',
    channels: field(o, 'channels', 8, where),
    kernel: field(o, 'kernel', 3, where),
    stride: field(o, 'stride', 1, where),
    padding: field(o, 'padding', 0, where),
    activation,
  };
}

/**
 * Checks the convolutional stages of a state that came from outside: each stage's fields, that the data set is an
 * image set, and that every feature map keeps at least one pixel (naming the stage and the shapes when it does
 * not). Returns undefined for absent or empty stages, so a dense network's state has no `conv` field.
 */
export function validateConvStages(v: unknown, dataset: DatasetName, registry?: Registry): ConvStage[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > MAX_CONV_STAGES) {
    throw new ValidationError(`the convolution stages must be a list of at most ${MAX_CONV_STAGES}`);
  }
  if (v.length === 0) return undefined;
  const image = imageShapeOf(dataset);
  if (!image)
    throw new ValidationError(
      `convolution stages need an image data set (MNIST or bars and stripes), not "${dataset}"; pick one or remove the stages`,
    );
  const stages = v.map((s, i) => stage(s, i, registry));
  let before: ImageShape = image;
  stageShapes(stages, image).forEach((shape, i) => {
    if (shape[1] < 1 || shape[2] < 1) {
      const s = stages[i];
      const what =
        s.kind === 'conv' ? `a ${s.kernel}×${s.kernel} kernel with padding ${s.padding}` : `a ${s.size}×${s.size} pool`;
      throw new ValidationError(
        `convolution stage ${i + 1}: ${what} does not fit its ${before[1]}×${before[2]} input; make the kernel or pool smaller, add padding, or remove a stage`,
      );
    }
    before = shape;
  });
  return stages;
}
