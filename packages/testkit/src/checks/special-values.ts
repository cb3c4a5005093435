import { type ActivationPlugin, createRng } from '@rectify/core';
import { buildCases, learnableAt, runBackward, runForward } from '../cases';
import { upstream } from '../inputs';
import { guarded } from '../result';
import { fmt, within } from '../tolerance';
import type { CheckResult, ConformanceOptions } from '../types';

/** NaN in gives NaN out: `forward(NaN)` is NaN and `backward` gives `dx = NaN` wherever `x` is NaN. */
export function checkNaN(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('nan', (r) => {
    const rng = createRng((options.seed ?? 1234) + 3);
    for (const c of buildCases(plugin, options)) {
      const n = 4 * c.channels * c.inner;
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) x[i] = i % 2 === 0 ? Number.NaN : 2 * rng.normal();
      const { y, dx } = runBackward(plugin, c, x, upstream(rng, n));
      for (let i = 0; i < n; i += 2) {
        r.expect(Number.isNaN(y[i]), () => `${c.label}: forward(NaN) is ${fmt(y[i])}; NaN must propagate`);
        r.expect(Number.isNaN(dx[i]), () => `${c.label}: backward at x=NaN gives dx=${fmt(dx[i])}; NaN must propagate`);
      }
    }
  });
}

/** `forward(±Infinity)` equals the reference's value (its limit), NaN included. */
export function checkInfinity(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('infinity', (r) => {
    const ref = plugin.reference;
    if (!ref) {
      r.fail('the plugin has no `reference`: declare one so the limits at ±Infinity can be checked');
      return;
    }
    for (const c of buildCases(plugin, options)) {
      const n = 2 * c.channels * c.inner;
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) x[i] = i % 2 === 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
      const y = runForward(plugin, c, x);
      for (let i = 0; i < n; i++) {
        const expected = ref(x[i], c.hyper, learnableAt(c, i));
        r.expect(
          within(y[i], expected, { rtol: 1e-6, atol: 0 }),
          () => `${c.label}: forward(${fmt(x[i])}) is ${fmt(y[i])}, reference gives ${fmt(expected)}`,
        );
      }
    }
  });
}
