/**
 * @packageDocumentation
 * Rectify core: tensors, the activation and layer plugin contracts, the CPU backend, dense and residual layers,
 * losses, optimizers, initializers, training, diagnostics and model JSON.
 */
export * from './errors';
export * from './quote-name';
export * from './tensor';
export * from './random';
export * from './activation';
export * from './registry';
export * from './defaults';
export * from './layers';
export * from './builtin-layers';
export * from './activations';
export * from './losses';
export * from './optimizers';
export * from './clipping';
export * from './initializers';
export * from './backend';
export * from './model';
export * from './diagnostics';
export * from './serialization';
export * from './summary';
export * from './metrics';
export * from './targets';
export * from './predictions';
export * from './weights';
export * from './callbacks';
export * from './schedules';
export * from './io';
export * from './progress';
export * from './streaming';
