import { describe, expect, it } from 'vitest';
import { layerConformanceChecks } from './conformance';
import type { LayerConformanceOptions, LayerSubject } from './contract';

/**
 * Registers a vitest `describe` block with one `it` per layer check. Call it at the top level of a test file.
 *
 * @example
 * describeLayerConformance(layerSubject(() => batchNorm(), [4]));
 */
export function describeLayerConformance(subject: LayerSubject, options: LayerConformanceOptions = {}): void {
  describe(`${subject.name} layer conformance`, () => {
    for (const check of layerConformanceChecks(subject, options)) {
      it(check.title, async () => {
        const result = await check.run();
        expect(result.failures, `${check.id}: ${result.failures.length} failure(s)`).toEqual([]);
      }, 120_000);
    }
  });
}
