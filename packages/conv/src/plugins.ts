import type { LayerPlugin } from '@rectify/core';
import { conv2dPlugin } from './conv2d/plugin';
import { flattenPlugin } from './flatten';
import { globalAvgPoolPlugin } from './pool/global';
import { avgPool2dPlugin, maxPool2dPlugin } from './pool/plugin';

/**
 * Every layer plugin of this package, to register at once: model JSON and ONNX imports look layers up in a registry.
 * @example
 * const registry = createDefaultRegistry().registerActivation(relu);
 * for (const plugin of convLayerPlugins) registry.registerLayer(plugin);
 */
export const convLayerPlugins: readonly LayerPlugin[] = Object.freeze([
  conv2dPlugin,
  maxPool2dPlugin,
  avgPool2dPlugin,
  globalAvgPoolPlugin,
  flattenPlugin,
] as LayerPlugin[]);
