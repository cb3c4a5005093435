import { type ActivationPlugin, createRng } from '@rectify/core';
import { buildCases, type ConformanceCase, contextFor } from '../cases';
import { forwardInputs, upstream } from '../inputs';
import { guarded, type ResultBuilder } from '../result';
import { fmt, sameBits } from '../tolerance';
import type { CheckResult, ConformanceOptions } from '../types';

const PAD = 8;
const SENTINELS = [Math.fround(12345.678), Math.fround(-8765.4321)] as const;
const GARBAGE = Math.fround(-3.5e9);

/**
 * Kernels read and write only what the contract allows: with buffers longer than `length` (as when a layer reuses
 * buffers across batch sizes) they write every output element in `[0, length)` (checked by running twice with two
 * different sentinels in the output), leave everything from `length` on untouched, and never modify `x`, `y`,
 * `dy` or the learnable values.
 */
export function checkKernelHygiene(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('kernel-hygiene', (r) => {
    const rng = createRng((options.seed ?? 1234) + 4);
    for (const c of buildCases(plugin, options)) {
      const n = 3 * c.channels * c.inner;
      const x = padded(forwardInputs(rng, n).slice(-n));
      const dy = padded(Array.from(upstream(rng, n)));
      const params = Object.fromEntries(Object.entries(c.learnable).map(([k, v]) => [k, Float32Array.from(v)]));
      const y = runPair(r, c, 'forward', n, (out) => {
        plugin.cpu.forward(x.now, out, contextFor(c, n, params));
      });
      expectUnchanged(r, c, 'forward', x, 'x');
      for (const [k, v] of Object.entries(params))
        expectUnchanged(r, c, 'forward', { now: v, before: c.learnable[k] }, `params.${k}`);
      y.fill(GARBAGE, n);
      const yBuf = { now: y, before: Float32Array.from(y) };
      runPair(r, c, 'backward', n, (out) => {
        plugin.cpu.backward(x.now, yBuf.now, dy.now, out, contextFor(c, n, params));
      });
      expectUnchanged(r, c, 'backward', x, 'x');
      expectUnchanged(r, c, 'backward', yBuf, 'y');
      expectUnchanged(r, c, 'backward', dy, 'dy');
      for (const [k, v] of Object.entries(params))
        expectUnchanged(r, c, 'backward', { now: v, before: c.learnable[k] }, `params.${k}`);
    }
  });
}

interface Tracked {
  readonly now: Float32Array;
  readonly before: Float32Array;
}

function padded(values: number[]): Tracked {
  const now = new Float32Array(values.length + PAD).fill(GARBAGE);
  now.set(values);
  return { now, before: Float32Array.from(now) };
}

function expectUnchanged(r: ResultBuilder, c: ConformanceCase, kernel: string, t: Tracked, what: string): void {
  r.expect(sameBits(t.now, t.before), () => `${c.label}: ${kernel} modified its input ${what}; kernels must not write to inputs`);
}

/** Runs `call` into two outputs prefilled with different sentinels and checks what was and was not written. */
function runPair(
  r: ResultBuilder,
  c: ConformanceCase,
  kernel: string,
  n: number,
  call: (out: Float32Array) => void,
): Float32Array {
  const outs = SENTINELS.map((s) => {
    const out = new Float32Array(n + PAD).fill(s);
    call(out);
    return out;
  });
  for (let i = 0; i < n; i++) {
    const a = outs[0][i];
    const b = outs[1][i];
    r.expect(
      Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)),
      () => `${c.label}: ${kernel} did not write output element ${i} of [0, ${n}) (it kept the prefilled ${fmt(a)} / ${fmt(b)})`,
    );
  }
  outs.forEach((out, s) => {
    for (let i = n; i < out.length; i++) {
      r.expect(out[i] === SENTINELS[s], () => `${c.label}: ${kernel} wrote output element ${i}, beyond length ${n}`);
    }
  });
  return outs[0];
}
