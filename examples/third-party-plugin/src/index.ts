/**
 * @packageDocumentation
 * A third-party activation plugin for Rectify, written only against `@rectify/core`'s public API: Swish / SiLU
 * with a learnable beta.
 */
export { swish } from './swish';
export { swishReference } from './reference';
