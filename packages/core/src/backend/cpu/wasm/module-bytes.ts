import { decodeBase64 } from './base64';
import { inflateRaw } from './inflate';

/**
 * The bytes of a generated kernel module (scripts/generated-module.mjs): its constant holds the base64 text of the
 * module's raw DEFLATE stream, a quarter of the module's own base64 size.
 */
export function moduleBytes(packed: string): Uint8Array {
  return inflateRaw(decodeBase64(packed));
}
