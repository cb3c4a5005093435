import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBounded } from '../../test/support/bounded-run';

const probe = fileURLToPath(new URL('../../test/hostile-probe.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

/**
 * Each case runs in a child Node process with its heap capped at 384 MiB (the hostile texts themselves take up to
 * 100 MiB), so a regression that allocates without bound fails here instead of killing the test runner. The bound
 * is on the peak resident set size reached while the case is rejected, above the size before it.
 */
const HEAP_MIB = 384;
const RSS_BOUND_MIB = 32;

describe('hostile model JSON and API misuse are rejected within bounded memory', () => {
  it.each([
    ['learnable-slopes-without-weights', 'ModelFormatError', /learnable "slope" of 16777216 values/],
    ['residual-body-of-a-million-layers', 'ModelFormatError', /more than 131072 arrays and objects .* maxJsonContainers/],
    ['empty-objects-under-an-unknown-key', 'ModelFormatError', /more than 131072 arrays and objects .* maxJsonContainers/],
    ['fifty-million-zeros', 'ModelFormatError', /more than 16777216 values .* maxJsonValues/],
    [
      'api-dense-100000',
      'ValidationError',
      /^layers\.0 \(dense\): parameter kernel of shape \[100000, 100000\] has 10000000000 values/,
    ],
  ])(
    `%s: a %s, resident memory growing by less than ${RSS_BOUND_MIB} MiB`,
    (name, errorName, message) => {
      const r = runBounded(probe, name, { heapMiB: HEAP_MIB, tsconfig });
      expect(r).toMatchObject({ ok: false, errorName, rectify: true });
      expect(r.message).toMatch(message);
      expect(r.rssGrowthMiB).toBeLessThan(RSS_BOUND_MIB);
    },
    120_000,
  );
});
