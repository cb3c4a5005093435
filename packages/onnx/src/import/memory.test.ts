import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBounded } from '../../../core/test/support/bounded-run';

const probe = fileURLToPath(new URL('../../test/hostile-probe.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

describe('ONNX decoding stays within a memory budget (child process, heap capped at 256 MiB)', () => {
  it('16.7 million empty strings within every per-message count hit the file-wide budget, growing RSS < 32 MiB', () => {
    const r = runBounded(probe, 'many-empty-strings', { heapMiB: 256, tsconfig });
    expect(r).toMatchObject({ ok: false, errorName: 'ModelFormatError', rectify: true });
    expect(r.message).toMatch(/more than 1048576 messages, strings and list items \(limit maxDecodedItems\)/);
    expect(r.rssGrowthMiB).toBeLessThan(32);
  }, 120_000);

  it('import and export run with code generation from strings disallowed (CSP script-src self)', () => {
    const r = runBounded(probe, 'import-export-without-code-generation', {
      heapMiB: 256,
      tsconfig,
      nodeFlags: ['--disallow-code-generation-from-strings'],
    });
    expect(r).toMatchObject({ ok: true });
  }, 120_000);
});
