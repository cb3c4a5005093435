import { type ActivationPlugin, createRng } from '@rectify/core';
import { buildCases, contextFor } from '../cases';
import { backwardOnCopies, forwardOnCopies, InputWriteError } from '../input-guard';
import { hygieneInputs, hygieneLength, upstream } from '../inputs';
import { ResultBuilder } from '../result';
import type { CheckResult, ConformanceOptions } from '../types';

/**
 * Kernels never write into their inputs: `forward` into `x` or `ctx.params`, `backward` into `x`, `y`, `dy` or
 * `ctx.params`, on the special values and the tails up to |x| = 100 (where an in-place clamp shows). Runs first
 * among the kernel checks, and every check hands kernels copies, so a write is reported by name here
 * (`forward wrote into x`) and never as a wrong value elsewhere.
 */
export function checkInputsUntouched(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  const r = new ResultBuilder('inputs');
  const rng = createRng((options.seed ?? 1234) + 8);
  const attempt = (label: string, run: () => void) => {
    try {
      run();
      r.expect(true, () => '');
    } catch (e) {
      if (e instanceof InputWriteError) r.expect(false, () => `${e.message} [${label}]`);
      else r.fail(`${label}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  };
  try {
    for (const c of buildCases(plugin, options)) {
      const n = hygieneLength(c.channels, c.inner);
      const x = hygieneInputs(rng, n);
      const dy = upstream(rng, n);
      const y = new Float32Array(n);
      attempt(c.label, () => forwardOnCopies(plugin, x, y, contextFor(c, n)));
      const dx = new Float32Array(n);
      attempt(c.label, () => backwardOnCopies(plugin, x, y, dy, dx, contextFor(c, n)));
    }
  } catch (e) {
    r.fail(`threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  return r.done();
}
