import { type ActivationPlugin, createRng } from '@rectify/core';
import { buildCases, learnableAt, runBackward, slotOf } from '../cases';
import { defaultStep, finiteDifference, looksSmooth } from '../finite-difference';
import { upstream } from '../inputs';
import { guarded } from '../result';
import { fmt, within } from '../tolerance';
import type { CheckResult, ConformanceOptions } from '../types';

const TOL = { rtol: 1e-6, atol: 1e-7 };

/**
 * At exactly 0 (and -0) the backward kernel returns the declared `atZero` convention: `dx = atZero.dx · dy` and,
 * per learnable parameter, `grad += Σ atZero.dParams[name] · dy`. Without a declaration, the derivative must be
 * unambiguous there (the reference is smooth at 0) and is compared with finite differences; otherwise the check
 * fails asking for `atZero`.
 */
export function checkAtZero(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('at-zero', (r) => {
    const rng = createRng((options.seed ?? 1234) + 2);
    const ref = plugin.reference;
    for (const c of buildCases(plugin, options)) {
      const n = 2 * c.channels * c.inner;
      const x = new Float32Array(n);
      for (let i = 1; i < n; i += 2) x[i] = -0;
      const dy = upstream(rng, n);
      const { dx, grads } = runBackward(plugin, c, x, dy);
      for (let i = 0; i < n; i++) {
        const at = learnableAt(c, i);
        let slope: number;
        if (plugin.atZero) slope = plugin.atZero.dx(c.hyper, at);
        else if (ref && looksSmooth((v) => ref(v, c.hyper, at), 0, defaultStep(0)))
          slope = finiteDifference((v) => ref(v, c.hyper, at), 0);
        else {
          r.fail(`${c.label}: the derivative at 0 is ambiguous (a kink) and the plugin declares no atZero.dx`);
          return;
        }
        const expected = slope * dy[i];
        r.expect(
          within(dx[i], expected, TOL),
          () => `${c.label}: dx at x=${fmt(x[i])} (dy=${fmt(dy[i])}) is ${fmt(dx[i])}, expected ${fmt(expected)}`,
        );
      }
      for (const [name, values] of Object.entries(c.learnable)) {
        const declared = plugin.atZero?.dParams?.[name];
        if (!declared && !ref) {
          r.fail(`${c.label}: declare atZero.dParams.${name} or a reference so d/d${name} at x=0 can be checked`);
          continue;
        }
        const expected = new Float64Array(values.length);
        for (let i = 0; i < n; i++) {
          const at = learnableAt(c, i);
          const d = declared
            ? declared(c.hyper, at)
            : finiteDifference((v) => ref!(x[i], c.hyper, { ...at, [name]: v }), at[name], defaultStep(at[name]));
          expected[slotOf(values, i, c)] += d * dy[i];
        }
        for (let k = 0; k < values.length; k++) {
          r.expect(
            within(grads[name][k], expected[k], TOL),
            () => `${c.label}: d/d${name}[${k}] at x=0 is ${fmt(grads[name][k])}, expected ${fmt(expected[k])}`,
          );
        }
      }
    }
  });
}
