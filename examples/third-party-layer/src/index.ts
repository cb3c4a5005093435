/**
 * @packageDocumentation
 * Maxout (Goodfellow et al. 2013) as a third-party Rectify layer plugin.
 */
export * from './cpu-kernels';
export * from './gpu-kernels';
export { maxoutReference } from './reference';
export { maxout, maxoutPlugin, type MaxoutSettings } from './maxout';
export { MaxoutRunner } from './runner';
