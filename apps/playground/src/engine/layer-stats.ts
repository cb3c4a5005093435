import { type KernelContext, activationOf } from '@rectify/core';
import type { HiddenTrace } from './trace';
import { unitWeights } from './unit-weights';

/** Bins of the activation histograms. */
export const HISTOGRAM_BINS = 24;

/**
 * A unit is *saturated* when |f′(pre-activation)| stays below this on every probe input but is not exactly 0 on all
 * of them (then it is dead): a sigmoid or tanh unit far out on a flat tail, an ELU unit deep on its negative side.
 */
export const SATURATION_THRESHOLD = 0.01;

/** Points of the f(x) / f′(x) curve sent per layer. */
export const CURVE_POINTS = 64;

/** Live statistics of one hidden layer on a probe batch. */
export interface LayerStats {
  readonly index: number;
  /** The activation plugin's name, or `maxout` for a Maxout unit. */
  readonly activation: string;
  readonly units: number;
  /** Per unit: no gradient flows through it for any probe input (f′(pre) exactly 0 on every row). */
  readonly dead: readonly boolean[];
  /** Fraction of dead units. */
  readonly deadFraction: number;
  /** Per unit: not dead, but |f′(pre)| < {@link SATURATION_THRESHOLD} on every probe row. */
  readonly saturated: readonly boolean[];
  /** Histogram of the dense outputs (pre-activations) over [min, max]: what the activation is fed. */
  readonly preHistogram: { readonly min: number; readonly max: number; readonly counts: readonly number[] };
  /**
   * f(x) and f′(x) of this layer's activation with its hyper-parameters and learned values now (per-unit learned
   * values averaged), at {@link CURVE_POINTS} points evenly over [x0, x1] (the pre-activation range, widened to hold 0).
   */
  readonly curve: { readonly x0: number; readonly x1: number; readonly f: readonly number[]; readonly df: readonly number[] };
  /** Fraction of activation outputs that are exactly zero. */
  readonly sparsity: number;
  /** Activation output histogram over [min, max]. */
  readonly histogram: { readonly min: number; readonly max: number; readonly counts: readonly number[] };
  /** L2 norm of the dense (or Maxout) kernel's gradient at the last step. */
  readonly gradNorm: number;
  /** Standard deviation of the activation outputs over the probe rows and units (collapse → 0, explosion → ∞). */
  readonly activationStd: number;
  /** Units whose incoming weights and bias differ from every other unit's (1: all units identical). */
  readonly distinctUnits: number;
  /** Learned activation parameters (PReLU slopes), by name. */
  readonly learnables: Readonly<Record<string, readonly number[]>>;
}

function histogram(values: Float32Array): LayerStats['histogram'] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) max = min + 1e-6;
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  const scale = HISTOGRAM_BINS / (max - min);
  for (const v of values) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) * scale))]++;
  return { min, max, counts };
}

function norm(a: Float32Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return Math.sqrt(s);
}

function std(values: Float32Array): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) * (v - mean);
  return Math.sqrt(sq / values.length);
}

/** Number of distinct units of a dense layer: unit u is its kernel column u and its bias u, compared exactly. */
export function countDistinctUnits(kernel: Float32Array, bias: Float32Array | undefined, units: number): number {
  const inputs = kernel.length / units;
  const seen = new Set<string>();
  for (let u = 0; u < units; u++) {
    const parts: number[] = [];
    for (let i = 0; i < inputs; i++) parts.push(kernel[i * units + u]);
    parts.push(bias ? bias[u] : 0);
    seen.add(parts.join(','));
  }
  return seen.size;
}

/** The derivative f′(pre) per element, through the plugin's own CPU backward kernel with dy = 1. */
function derivative(t: HiddenTrace): Float32Array {
  const { plugin, hyper } = activationOf(t.act);
  const dy = new Float32Array(t.pre.length).fill(1);
  const dx = new Float32Array(t.pre.length);
  const params: Record<string, Float32Array> = {};
  const grads: Record<string, Float32Array> = {};
  for (const p of t.act.params()) {
    params[p.name] = p.value;
    grads[p.name] = new Float32Array(p.value.length);
  }
  const ctx: KernelContext = { length: t.pre.length, channels: t.units, inner: 1, hyper, params, grads };
  plugin.cpu.backward(t.pre, t.post, dy, dx, ctx);
  return dx;
}

/** f and f′ on an even grid over the pre-activation range, through the plugin's own CPU kernels. */
function curve(t: HiddenTrace, lo: number, hi: number): LayerStats['curve'] {
  const { plugin, hyper } = activationOf(t.act);
  const x0 = Math.min(lo, -1);
  const x1 = Math.max(hi, 1);
  const x = new Float32Array(CURVE_POINTS);
  for (let i = 0; i < CURVE_POINTS; i++) x[i] = x0 + ((x1 - x0) * i) / (CURVE_POINTS - 1);
  const params: Record<string, Float32Array> = {};
  const grads: Record<string, Float32Array> = {};
  for (const p of t.act.params()) {
    let sum = 0;
    for (const v of p.value) sum += v;
    params[p.name] = new Float32Array([sum / p.value.length]);
    grads[p.name] = new Float32Array(1);
  }
  const ctx: KernelContext = { length: CURVE_POINTS, channels: 1, inner: 1, hyper, params, grads };
  const f = new Float32Array(CURVE_POINTS);
  const df = new Float32Array(CURVE_POINTS);
  plugin.cpu.forward(x, f, ctx);
  plugin.cpu.backward(x, f, new Float32Array(CURVE_POINTS).fill(1), df, ctx);
  return { x0, x1, f: Array.from(f), df: Array.from(df) };
}

/** Statistics of each hidden layer from a trace on a probe batch. */
export function layerStats(traces: readonly HiddenTrace[]): LayerStats[] {
  return traces.map((t, index) => {
    const d = derivative(t);
    const dead: boolean[] = [];
    const saturated: boolean[] = [];
    for (let u = 0; u < t.units; u++) {
      let largest = 0;
      for (let r = 0; r < t.rows; r++) largest = Math.max(largest, Math.abs(d[r * t.units + u]));
      dead.push(largest === 0);
      saturated.push(largest > 0 && largest < SATURATION_THRESHOLD);
    }
    const pre = histogram(t.pre);
    let zeros = 0;
    for (const v of t.post) if (v === 0) zeros++;
    const learnables: Record<string, number[]> = {};
    for (const p of t.act.params()) learnables[p.name] = Array.from(p.value);
    const weights = unitWeights(t.unit);
    return {
      index,
      // A Maxout unit is its own non-linearity; the identity after it only marks where to read its outputs.
      activation: t.unit.type === 'maxout' ? 'maxout' : activationOf(t.act).plugin.name,
      units: t.units,
      dead,
      deadFraction: dead.filter(Boolean).length / t.units,
      saturated,
      preHistogram: pre,
      curve: curve(t, pre.min, pre.max),
      sparsity: zeros / t.post.length,
      histogram: histogram(t.post),
      gradNorm: norm(weights.kernelGrad),
      activationStd: std(t.post),
      distinctUnits: countDistinctUnits(weights.kernel, weights.bias, t.units),
      learnables,
    };
  });
}
