import type { ActivationPlugin } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { conformanceChecks } from './conformance';
import type { ConformanceOptions } from './types';

/**
 * Registers a vitest `describe` block with one `it` per conformance check; each check's notes (what it left out or
 * exempted, and why) become annotations of its test in the report. Call it at the top level of a test file:
 *
 * @example
 * import { describeActivationConformance } from '@rectify/testkit';
 * import { swish } from '../src';
 * describeActivationConformance(swish, { hyperSets: [{ numParameters: 4 }] });
 */
export function describeActivationConformance<P extends string, L extends string>(
  plugin: ActivationPlugin<P, L>,
  options: ConformanceOptions<NoInfer<P>> = {},
): void {
  describe(`${plugin.name} activation conformance`, () => {
    for (const check of conformanceChecks(plugin, options)) {
      it(check.title, async (context) => {
        const result = await check.run();
        // Notes (a named exemption such as a mode's subnormal flushing, points left out) reach the test report.
        for (const note of result.notes) await context.annotate?.(`${check.id}: ${note}`, 'notice');
        expect(result.failures, `${check.id}: ${result.failures.length} failure(s)`).toEqual([]);
      }, 60_000);
    }
  });
}
