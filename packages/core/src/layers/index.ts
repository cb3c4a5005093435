export * from './contract';
export {
  type ActivationLayer,
  type ActivationLayerConfig,
  type ActivationSettings,
  type AppliedActivation,
  activationOf,
  activationPluginOf,
} from './activation-layer';
export type { Dense, DenseConfig, DenseOptions, DenseSettings } from './dense';
export { defineLayer, isLayerPlugin } from './define';
export { type Dropout, type DropoutConfig, type DropoutSettings, fillDropoutMask } from './dropout';
export type { Residual, ResidualConfig, ResidualOptions, ResidualSettings } from './residual';
export { collectParamRefs, walkLayers } from './walk';
export { DEFAULT_MAX_PARAMETERS } from './param';
