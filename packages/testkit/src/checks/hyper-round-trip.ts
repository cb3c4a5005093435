import type { ActivationPlugin } from '@rectify/core';
import { guarded } from '../result';
import type { CheckResult, ConformanceOptions } from '../types';

/**
 * Every tested hyper-parameter set resolves, survives `JSON.stringify` / `JSON.parse`, and resolves again to the
 * same values (what model JSON relies on); `plugin(set).hyper` agrees with `plugin.resolve(set)`.
 */
export function checkHyperRoundTrip(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('hyper-round-trip', (r) => {
    for (const set of [{}, ...(options.hyperSets ?? [])]) {
      const label = Object.keys(set).length ? JSON.stringify(set) : 'defaults';
      const resolved = plugin.resolve(set);
      const back = plugin.resolve(JSON.parse(JSON.stringify(resolved)));
      for (const key of Object.keys(plugin.params)) {
        r.expect(
          Object.is(resolved[key], back[key]),
          () => `${label}: "${key}" is ${resolved[key]} but ${back[key]} after a JSON round trip`,
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
