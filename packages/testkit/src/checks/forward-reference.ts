import { type ActivationPlugin, createRng } from '@rectify/core';
import { buildCases, learnableAt, runForward } from '../cases';
import { forwardInputs } from '../inputs';
import { guarded } from '../result';
import { fmt, within } from '../tolerance';
import type { CheckResult, ConformanceOptions } from '../types';

/**
 * The CPU forward kernel agrees with the float64 `reference` to float32 rounding, on signed zeros, subnormals,
 * tiny, moderate and huge inputs and seeded random ones, in every case. A plugin without `reference` fails: the
 * testkit needs an independent truth.
 */
export function checkForwardMatchesReference(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('forward-reference', (r) => {
    const ref = plugin.reference;
    if (!ref) {
      r.fail('the plugin has no `reference`: declare a float64 scalar implementation so its kernels can be tested against it');
      return;
    }
    const tol = options.forwardTolerance ?? { rtol: 1e-6, atol: 1e-44 };
    const rng = createRng((options.seed ?? 1234) + 1);
    for (const c of buildCases(plugin, options)) {
      const x = Float32Array.from(forwardInputs(rng));
      const y = runForward(plugin, c, x);
      for (let i = 0; i < x.length; i++) {
        const expected = ref(x[i], c.hyper, learnableAt(c, i));
        r.expect(
          within(y[i], expected, tol),
          () => `${c.label}: forward(${fmt(x[i])}) is ${fmt(y[i])}, reference gives ${fmt(expected)}`,
        );
      }
    }
  });
}
