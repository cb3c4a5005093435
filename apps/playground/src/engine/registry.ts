import { type ActivationPlugin, type Registry, createDefaultRegistry } from '@rectify/core';
import { convLayerPlugins } from '@rectify/conv';
import { batchNormPlugin, layerNormPlugin } from '@rectify/norm';
import { maxoutPlugin } from 'rectify-layer-maxout';

/**
 * A registry with core's layers (dropout included) and baselines, BatchNorm and LayerNorm, the convolution and
 * pooling layers of `@rectify/conv`, the third-party Maxout layer, and the given activation plugins. Every activation offered by the page's menus comes from here, so a newly
 * registered plugin shows up with no other change.
 */
export function createPlaygroundRegistry(plugins: readonly ActivationPlugin[]): Registry {
  const registry = createDefaultRegistry()
    .registerLayer(batchNormPlugin)
    .registerLayer(layerNormPlugin)
    .registerLayer(maxoutPlugin);
  for (const p of convLayerPlugins) registry.registerLayer(p);
  for (const p of plugins) registry.registerActivation(p, { replace: true });
  return registry;
}
