export * from './contract';
export { ActivationLayer, activation, activationLayerPlugin, type ActivationLayerConfig } from './activation-layer';
export { Dense, dense, denseLayerPlugin, type DenseConfig, type DenseOptions } from './dense';
export { Residual, residual, residualLayerPlugin, type ResidualConfig, type ResidualOptions } from './residual';
export { ReusableTensor } from './reusable-tensor';
export { collectParamRefs, walkLayers } from './walk';
export { DEFAULT_MAX_PARAMETERS } from './param';
