import { type ActivationPlugin, createRng, type Layer, type Registry, Tensor } from '@rectify/core';
export { maxRelError } from './max-rel-error';
import { avgPool2d, conv2d, convLayerPlugins, flatten, globalAvgPool, maxPool2d } from '../src';

/** `registry` with every conv layer plugin registered. */
export function convRegistry(registry: Registry): Registry {
  for (const plugin of convLayerPlugins) registry.registerLayer(plugin);
  return registry;
}

/**
 * A small CNN over `[2, 8, 8]` that uses every conv layer and setting the gpu kernels branch on: padding, stride,
 * dilation, groups, no bias, max and average pooling with padding, global pooling, flatten. Factories are passed in
 * so a browser page can use its own bundled copy of core.
 */
export function cnnLayers(
  activation: (a: ActivationPlugin) => Layer,
  dense: (units: number) => Layer,
  act: ActivationPlugin,
): Layer[] {
  return [
    conv2d(4, 3, { padding: 1 }),
    activation(act),
    maxPool2d(2, { padding: 1 }),
    conv2d(4, 2, { groups: 2, dilation: 2, useBias: false }),
    activation(act),
    avgPool2d(2, { strides: 1, padding: 1 }),
    conv2d(6, 1, { strides: 2 }),
    globalAvgPool(),
    dense(3),
  ];
}

/** A second head for flatten: the same trunk ending in flatten → dense. */
export function flattenHead(dense: (units: number) => Layer): Layer[] {
  return [conv2d(3, 3, { strides: 2 }), flatten(), dense(3)];
}

/** Seeded `[n, 2, 8, 8]` images and `[n, 3]` targets. */
export function seededImages(n: number, seed: number): { x: Tensor; y: Tensor } {
  const rng = createRng(seed);
  const x = new Tensor(
    Float32Array.from({ length: n * 128 }, () => rng.normal()),
    [n, 2, 8, 8],
  );
  const y = new Tensor(
    Float32Array.from({ length: n * 3 }, () => rng.normal()),
    [n, 3],
  );
  return { x, y };
}
