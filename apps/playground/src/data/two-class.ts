import type { Rng } from '@rectify/core';
import type { ClassificationSet } from '../state/types';

/** Outer radius of the circles set; every generated point lies roughly inside [-1, 1]². */
export const CIRCLE_RADIUS = 0.9;
/** The inner class (label 1) lies within this fraction of the radius, the outer (label 0) beyond OUTER_START. */
export const INNER_END = 0.45;
/** Start of the outer ring, as a fraction of the radius. */
export const OUTER_START = 0.65;

/** Writes one point of class `label` (0 or 1) into `out`, without noise. */
export type ClassSampler = (label: number, rng: Rng, out: { x: number; y: number }) => void;

const circles: ClassSampler = (label, rng, out) => {
  const r = label === 1 ? rng.range(0, INNER_END) * CIRCLE_RADIUS : rng.range(OUTER_START, 1) * CIRCLE_RADIUS;
  const a = rng.range(0, 2 * Math.PI);
  out.x = r * Math.cos(a);
  out.y = r * Math.sin(a);
};

/** XOR: label 1 in the quadrants where x·y > 0; a small margin keeps points off the axes. */
const xor: ClassSampler = (label, rng, out) => {
  const sx = rng.uniform() < 0.5 ? -1 : 1;
  const sy = label === 1 ? sx : -sx;
  out.x = sx * rng.range(0.05, 0.95);
  out.y = sy * rng.range(0.05, 0.95);
};

/** Two Gaussian blobs, label 1 around (0.45, 0.45), label 0 around (-0.45, -0.45). */
export const GAUSS_CENTER = 0.45;
const gaussians: ClassSampler = (label, rng, out) => {
  const c = label === 1 ? GAUSS_CENTER : -GAUSS_CENTER;
  out.x = c + 0.15 * rng.normal();
  out.y = c + 0.15 * rng.normal();
};

/** Two interleaved spirals; label 1 is the spiral turned by π. */
const spirals: ClassSampler = (label, rng, out) => {
  const t = rng.uniform();
  const r = 0.9 * t;
  const a = 1.75 * t * 2 * Math.PI + (label === 1 ? Math.PI : 0);
  out.x = r * Math.sin(a);
  out.y = r * Math.cos(a);
};

/** Two interleaved half-moons (as in scikit-learn), scaled into [-1, 1]². */
const moons: ClassSampler = (label, rng, out) => {
  const a = rng.range(0, Math.PI);
  if (label === 0) {
    out.x = (Math.cos(a) - 0.5) * 0.6;
    out.y = (Math.sin(a) - 0.25) * 0.6;
  } else {
    out.x = (1 - Math.cos(a) - 0.5) * 0.6;
    out.y = (0.5 - Math.sin(a) - 0.25) * 0.6;
  }
};

/** The sampler of each two-class set. */
export const classSamplers: Readonly<Record<ClassificationSet, ClassSampler>> = { circles, xor, gaussians, spirals, moons };

/** Noise scale: a noise level of 1 adds Gaussian jitter with this standard deviation. */
export const NOISE_SCALE = 0.25;
