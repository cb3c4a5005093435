import { type ActivationPlugin, createRng } from '@rectify/core';
import { buildCases, type ConformanceCase, contextFor } from '../cases';
import { backwardOnCopies, forwardOnCopies } from '../input-guard';
import { hygieneInputs, hygieneLength, upstream } from '../inputs';
import { guarded, type ResultBuilder } from '../result';
import { fmt } from '../tolerance';
import type { CheckResult, ConformanceOptions } from '../types';

const PAD = 8;
const SENTINELS = [Math.fround(12345.678), Math.fround(-8765.4321)] as const;
const GARBAGE = Math.fround(-3.5e9);

/**
 * Kernels read and write only what the contract allows: with buffers longer than `length` (as when a layer reuses
 * buffers across batch sizes) they write every output element in `[0, length)` (checked by running twice with two
 * different sentinels in the output), leave everything from `length` on untouched, and never modify `x`, `y`,
 * `dy` or the learnable values (each run gets fresh copies of them, so a write is reported as such, by name). The
 * inputs are the special values and the tails up to |x| = 100.
 */
export function checkKernelHygiene(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('kernel-hygiene', (r) => {
    const rng = createRng((options.seed ?? 1234) + 4);
    for (const c of buildCases(plugin, options)) {
      const n = hygieneLength(c.channels, c.inner);
      const x = padded(hygieneInputs(rng, n));
      const dy = padded(upstream(rng, n));
      const y = runPair(r, c, 'forward', n, (out) => forwardOnCopies(plugin, x, out, contextFor(c, n)));
      y.fill(GARBAGE, n);
      runPair(r, c, 'backward', n, (out) => backwardOnCopies(plugin, x, y, dy, out, contextFor(c, n)));
    }
  });
}

function padded(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length + PAD).fill(GARBAGE);
  out.set(values);
  return out;
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
    const a = outs[0]![i]!;
    const b = outs[1]![i]!;
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
  return outs[0]!;
}
