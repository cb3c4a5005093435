import { type Registry, ValidationError } from '@rectify/core';
import type { PlaygroundState } from './types';
import { validateState } from './validate';

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(code: string): string {
  const b64 = code.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** Encodes the whole state as a URL hash (`#s=...`), so a link reproduces the run. */
export function encodeState(state: PlaygroundState): string {
  return `#s=${toBase64Url(JSON.stringify(state))}`;
}

/**
 * Decodes a hash made by {@link encodeState}; returns null when the hash carries no state and throws a
 * ValidationError naming the problem when it carries a broken one. With the registry, activations and their
 * settings are checked as the worker will check them (see `validateState`).
 */
export function decodeState(hash: string, registry?: Registry): PlaygroundState | null {
  const m = /^#?s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(m[1]));
  } catch {
    throw new ValidationError('the link does not hold a readable playground state; copy the whole link again');
  }
  return validateState(parsed, registry);
}
