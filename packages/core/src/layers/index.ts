export * from './contract';
export {
  type ActivationLayer,
  type ActivationLayerConfig,
  type ActivationSettings,
  activationOf,
  activationPluginOf,
} from './activation-layer';
export { type Dense, type DenseConfig, type DenseOptions, type DenseSettings } from './dense';
export { defineLayer, isLayerPlugin } from './define';
export { type Residual, type ResidualConfig, type ResidualOptions, type ResidualSettings } from './residual';
export { collectParamRefs, walkLayers } from './walk';
export { DEFAULT_MAX_PARAMETERS } from './param';
