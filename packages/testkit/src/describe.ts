import type { ActivationPlugin } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { conformanceChecks } from './conformance';
import type { ConformanceOptions } from './types';

/**
 * Registers a vitest `describe` block with one `it` per conformance check. Call it at the top level of a test file:
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
      it(check.title, async () => {
        const result = await check.run();
        expect(result.failures, `${check.id}: ${result.failures.length} failure(s)`).toEqual([]);
      }, 60_000);
    }
  });
}
