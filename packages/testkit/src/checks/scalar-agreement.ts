import { type ActivationPlugin, createRng, deriveCpuKernels } from '@rectify/core';
import { buildCases, contextFor } from '../cases';
import { backwardOnCopies, forwardOnCopies } from '../input-guard';
import { forwardInputs, upstream } from '../inputs';
import { guarded } from '../result';
import { fmt, within } from '../tolerance';
import type { CheckResult, ConformanceOptions, Tolerance } from '../types';

/**
 * When the plugin declares `scalar` functions, its CPU kernels (a hand-written fast path, or the ones core
 * derived) agree with kernels derived from those scalar functions: forward, backward and each learnable's
 * per-channel gradient sum, within `options.scalarTolerance` (default `{ rtol: 1e-6, atol: 1e-30 }`, a few float32
 * ulps), on signed zeros, subnormals, tiny, moderate and huge inputs and seeded random ones.
 */
export function checkScalarAgreement(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('scalar-agreement', (r) => {
    const scalar = plugin.scalar;
    if (!scalar) throw new Error('the plugin declares no `scalar` functions to compare its CPU kernels with');
    const derived = { ...plugin, cpu: deriveCpuKernels(scalar, Object.keys(plugin.params), Object.keys(plugin.learnable)) };
    const tol: Tolerance = options.scalarTolerance ?? { rtol: 1e-6, atol: 1e-30 };
    const rng = createRng((options.seed ?? 1234) + 9);
    for (const c of buildCases(plugin, options)) {
      const x = Float32Array.from(forwardInputs(rng));
      const n = x.length;
      const dy = upstream(rng, n);
      const run = (p: ActivationPlugin) => {
        const y = new Float32Array(n);
        const dx = new Float32Array(n);
        const ctx = contextFor(c, n);
        forwardOnCopies(p, x, y, ctx);
        backwardOnCopies(p, x, y, dy, dx, ctx);
        return { y, dx, grads: ctx.grads };
      };
      const fast = run(plugin);
      const slow = run(derived as ActivationPlugin);
      for (let i = 0; i < n; i++) {
        r.expect(
          within(fast.y[i]!, slow.y[i]!, tol),
          () => `${c.label}: cpu.forward(${fmt(x[i]!)}) is ${fmt(fast.y[i]!)}, the scalar forward gives ${fmt(slow.y[i]!)}`,
        );
        r.expect(
          within(fast.dx[i]!, slow.dx[i]!, tol),
          () =>
            `${c.label}: cpu.backward at x=${fmt(x[i]!)} (dy=${fmt(dy[i]!)}) gives dx=${fmt(fast.dx[i]!)}, the scalar backward gives ${fmt(slow.dx[i]!)}`,
        );
      }
      for (const [name, values] of Object.entries(fast.grads)) {
        for (let k = 0; k < values.length; k++) {
          const a = values[k]!;
          const b = slow.grads[name]![k]!;
          r.expect(
            within(a, b, { rtol: Math.max(tol.rtol, 1e-5), atol: tol.atol }),
            () =>
              `${c.label}: cpu.backward adds ${fmt(a)} to ctx.grads.${name}[${k}], the scalar paramGrads.${name} sum to ${fmt(b)}`,
          );
        }
      }
    }
  });
}
