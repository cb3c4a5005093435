import { type ActivationPlugin, type Registry, createDefaultRegistry } from '@rectify/core';

/**
 * A registry with core's layers and baselines plus the given activation plugins. Every activation offered by the
 * page's menus comes from here, so a newly registered plugin shows up with no other change.
 */
export function createPlaygroundRegistry(plugins: readonly ActivationPlugin[]): Registry {
  const registry = createDefaultRegistry();
  for (const p of plugins) registry.registerActivation(p, { replace: true });
  return registry;
}
