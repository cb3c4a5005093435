import type { ActivationPlugin, KernelContext } from '@rectify/core';
import { fmt } from './tolerance';

/**
 * Thrown when a kernel writes into one of its inputs. The checks hand kernels copies of their inputs, so a check
 * that meets this error reports it (`forward wrote into x …`) instead of results computed from, or printed with,
 * mutated values.
 */
export class InputWriteError extends Error {
  /** Always `InputWriteError`. */
  override name = 'InputWriteError';
}

type Inputs = Record<string, Float32Array>;

function copies(inputs: Inputs): Inputs {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, Float32Array.from(v)]));
}

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

/** Throws an {@link InputWriteError} naming the first input of `kernel` whose copy no longer equals the original. */
function throwOnWrite(kernel: string, originals: Inputs, given: Inputs): void {
  for (const [name, original] of Object.entries(originals)) {
    const now = given[name]!;
    const a = bits(original);
    const b = bits(now);
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        throw new InputWriteError(
          `${kernel} wrote into ${name} (element ${i} was ${fmt(original[i]!)}, became ${fmt(now[i]!)}); kernels must not ` +
            'write to their inputs: write results to the output array, scratch values to a buffer allocated once',
        );
      }
    }
  }
}

function paramInputs(params: KernelContext['params']): Inputs {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [`ctx.params.${k}`, v]));
}

function withParams(ctx: KernelContext, given: Inputs): KernelContext {
  const params = Object.fromEntries(Object.keys(ctx.params).map((k) => [k, given[`ctx.params.${k}`]!]));
  return { ...ctx, params };
}

/** Runs `plugin.cpu.forward` on copies of `x` and `ctx.params`; throws an {@link InputWriteError} if it wrote into one. */
export function forwardOnCopies(plugin: ActivationPlugin, x: Float32Array, y: Float32Array, ctx: KernelContext): void {
  const originals = { x, ...paramInputs(ctx.params) };
  const given = copies(originals);
  plugin.cpu.forward(given.x!, y, withParams(ctx, given));
  throwOnWrite('forward', originals, given);
}

/** Runs `plugin.cpu.backward` on copies of `x`, `y`, `dy` and `ctx.params`; throws an {@link InputWriteError} if it wrote into one. */
export function backwardOnCopies(
  plugin: ActivationPlugin,
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  ctx: KernelContext,
): void {
  const originals = { x, y, dy, ...paramInputs(ctx.params) };
  const given = copies(originals);
  plugin.cpu.backward(given.x!, given.y!, given.dy!, dx, withParams(ctx, given));
  throwOnWrite('backward', originals, given);
}
