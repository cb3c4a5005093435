import type { ActivationPlugin, HyperParams } from '@rectify/core';
import { guarded } from '../result';
import type { CheckResult, ConformanceOptions } from '../types';

/** What model JSON stores: the resolved values that differ from their defaults (core leaves defaults out). */
function stored(plugin: ActivationPlugin, hyper: HyperParams): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(hyper)) if (!Object.is(plugin.params[k]?.default, v)) out[k] = v;
  return out;
}

/**
 * Every tested hyper-parameter set resolves, survives the trip through JSON text that model JSON makes (values
 * equal to their default are left out, as core's serializer does, so a default of Infinity is fine but a
 * non-default Infinity is not), and resolves again to the same values; `plugin(set).hyper` agrees with
 * `plugin.resolve(set)`.
 */
export function checkHyperRoundTrip(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('hyper-round-trip', (r) => {
    for (const set of [{}, ...(options.hyperSets ?? [])]) {
      const label = Object.keys(set).length ? JSON.stringify(set) : 'defaults';
      const resolved = plugin.resolve(set);
      const text = JSON.stringify(stored(plugin, resolved));
      let back: HyperParams;
      try {
        back = plugin.resolve(JSON.parse(text));
      } catch (e) {
        r.fail(`${label}: the JSON form ${text} does not resolve again: ${(e as Error).message}`);
        continue;
      }
      for (const key of Object.keys(plugin.params)) {
        r.expect(
          Object.is(resolved[key], back[key]),
          () => `${label}: "${key}" is ${resolved[key]} but ${back[key]} after a JSON round trip (${text})`,
        );
        r.expect(
          Object.is(plugin(set).hyper[key], resolved[key]),
          () => `${label}: plugin(set).hyper.${key} differs from resolve(set)`,
        );
      }
      r.expect(
        Object.keys(back).length === Object.keys(plugin.params).length,
        () => `${label}: resolve() returned keys ${Object.keys(back).join(', ')}`,
      );
    }
  });
}
