import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBounded } from '../../test/support/bounded-run';

const probe = fileURLToPath(new URL('../../test/fuzz-probe.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

describe('fuzzing loadModel (fast-check, 2000 seeded mutations, child process with a 256 MiB heap)', () => {
  it('every mutation of a valid document loads as a model or fails with a RectifyError, each within its budgets', () => {
    const r = runBounded(probe, 'fuzz-model-json', { heapMiB: 256, tsconfig });
    expect(r.message ?? '').toBe('');
    expect(r.ok).toBe(true);
    expect(r.rssGrowthMiB).toBeLessThan(128);
  }, 120_000);
});
