import { type ActivationPlugin, createRng, type HyperParams, type KernelContext } from '@rectify/core';
import { backwardOnCopies, forwardOnCopies } from './input-guard';
import type { ConformanceOptions } from './types';

/** One configuration the checks run: hyper-parameters, a channel layout and values of the learnable parameters. */
export interface ConformanceCase {
  /** Human-readable label used in failure messages, e.g. `defaults, per-channel(3), perturbed`. */
  readonly label: string;
  /** Resolved hyper-parameters (defaults, or one of `options.hyperSets` resolved). */
  readonly hyper: HyperParams;
  /** Channel count of the layout: the per-channel learnable size, else `options.channels` (default 3). */
  readonly channels: number;
  /** Elements per channel per sample (`options.inner`, default 2). */
  readonly inner: number;
  /** Learnable values, length 1 (shared) or `channels`, by name. */
  readonly learnable: Readonly<Record<string, Float32Array>>;
}

/** The channel of element `i` (the contract's mapping). */
export function channelOf(i: number, inner: number, channels: number): number {
  return ((i / inner) | 0) % channels;
}

/** The learnable values of element `i` as numbers, by name. */
export function learnableAt(c: ConformanceCase, i: number): Record<string, number> {
  const out: Record<string, number> = {};
  const ch = channelOf(i, c.inner, c.channels);
  for (const [name, values] of Object.entries(c.learnable)) out[name] = values.length === 1 ? values[0] : values[ch];
  return out;
}

/** The index into a learnable array that element `i` uses. */
export function slotOf(values: Float32Array, i: number, c: ConformanceCase): number {
  return values.length === 1 ? 0 : channelOf(i, c.inner, c.channels);
}

/**
 * Builds the cases: every hyper-parameter set (defaults first, then `options.hyperSets`), each with the
 * learnable parameters at their init value and at seeded perturbed values (one per channel when per-channel).
 * Throws a plain Error naming the problem when the plugin's sizes are inconsistent (the contract check reports it).
 */
export function buildCases(plugin: ActivationPlugin, options: ConformanceOptions = {}): ConformanceCase[] {
  const sets = [{}, ...(options.hyperSets ?? [])];
  const rng = createRng((options.seed ?? 1234) ^ 0x5eed);
  const jitter = options.learnableJitter ?? 0.25;
  const inner = options.inner ?? 2;
  const cases: ConformanceCase[] = [];
  for (const set of sets) {
    const hyper = plugin.resolve(set);
    const setLabel = Object.keys(set).length ? JSON.stringify(set) : 'defaults';
    const sizes = Object.entries(plugin.learnable).map(([name, spec]) => [name, spec.size(hyper)] as const);
    const perChannel = sizes.filter(([, s]) => s !== 1);
    for (const [name, s] of sizes) {
      if (!Number.isInteger(s) || s < 1)
        throw new Error(`learnable.${name}.size(${setLabel}) returned ${s}; it must be a positive integer`);
    }
    const channels = perChannel.length ? perChannel[0][1] : (options.channels ?? 3);
    const bad = perChannel.find(([, s]) => s !== channels);
    if (bad) throw new Error(`learnable sizes disagree for ${setLabel}: ${perChannel.map(([n, s]) => `${n}=${s}`).join(', ')}`);
    const layout = perChannel.length ? `per-channel(${channels})` : sizes.length ? 'shared' : `channels(${channels})`;
    const variants = sizes.length ? (['init', 'perturbed'] as const) : (['init'] as const);
    for (const variant of variants) {
      const learnable: Record<string, Float32Array> = {};
      for (const [name, size] of sizes) {
        const init = plugin.learnable[name].init(hyper);
        const values = new Float32Array(size).fill(init);
        if (variant === 'perturbed') {
          for (let k = 0; k < size; k++) values[k] = init + jitter * (2 * rng.uniform() - 1) * Math.max(1, Math.abs(init));
        }
        learnable[name] = values;
      }
      cases.push({ label: `${setLabel}, ${layout}, ${variant}`, hyper, channels, inner, learnable });
    }
  }
  return cases;
}

/** A kernel context for `length` elements of `c`, with fresh zeroed gradient accumulators (or the given ones). */
export function contextFor(
  c: ConformanceCase,
  length: number,
  params: Readonly<Record<string, Float32Array>> = c.learnable,
  grads?: Record<string, Float32Array>,
): KernelContext & { grads: Record<string, Float32Array> } {
  const g = grads ?? Object.fromEntries(Object.entries(params).map(([n, v]) => [n, new Float32Array(v.length)]));
  return { length, channels: c.channels, inner: c.inner, hyper: c.hyper, params, grads: g };
}

/** Runs the CPU forward kernel on a copy of `x` and returns a new output array (an input write throws, see input-guard). */
export function runForward(plugin: ActivationPlugin, c: ConformanceCase, x: Float32Array, params = c.learnable): Float32Array {
  const y = new Float32Array(x.length);
  forwardOnCopies(plugin, x, y, contextFor(c, x.length, params));
  return y;
}

/** Runs forward then backward with `dy`; returns `y`, `dx` and the accumulated parameter gradients. */
export function runBackward(
  plugin: ActivationPlugin,
  c: ConformanceCase,
  x: Float32Array,
  dy: Float32Array,
  prefill = 0,
): { y: Float32Array; dx: Float32Array; grads: Record<string, Float32Array> } {
  const y = runForward(plugin, c, x);
  const dx = new Float32Array(x.length);
  const ctx = contextFor(c, x.length);
  for (const g of Object.values(ctx.grads)) g.fill(prefill);
  backwardOnCopies(plugin, x, y, dy, dx, ctx);
  return { y, dx, grads: ctx.grads };
}
