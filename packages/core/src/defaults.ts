import { identity, sigmoid, tanh } from './activations';
import { activationLayerPlugin, denseLayerPlugin, dropoutLayerPlugin, residualLayerPlugin } from './builtin-layers';
import { type Registry, createRegistry } from './registry';

/**
 * A registry with the built-in layer plugins (`dense`, `activation`, `residual`, `dropout`) and the baseline activations
 * (`identity`, `sigmoid`, `tanh`). Plugins such as `@rectify/relu` are added with `registerActivation`.
 */
export function createDefaultRegistry(): Registry {
  return createRegistry()
    .registerLayer(denseLayerPlugin)
    .registerLayer(activationLayerPlugin)
    .registerLayer(residualLayerPlugin)
    .registerLayer(dropoutLayerPlugin)
    .registerActivation(identity)
    .registerActivation(sigmoid)
    .registerActivation(tanh);
}

/** The registry models use unless given another: built-in layers and baseline activations. */
export const defaultRegistry: Registry = /* @__PURE__ */ createDefaultRegistry();
