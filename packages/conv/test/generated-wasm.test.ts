import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('generated wasm modules', () => {
  it('are up to date with scripts/conv-wat.mjs and scripts/pool-wat.mjs', () => {
    const script = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));
    // Exits non-zero (and so throws) when a committed base64 module differs from a fresh assembly.
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});
