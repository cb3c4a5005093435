import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_RUNS, trainGoldenRun } from './training-runs';

const golden = JSON.parse(readFileSync(new URL('./fixtures/training-golden.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, string[]>
>;

describe('fixed-seed CPU training gives the golden weights bit for bit', () => {
  it('the golden file holds every run', () => {
    expect(Object.keys(golden).sort()).toEqual(GOLDEN_RUNS.map((r) => r.name).sort());
  });
  for (const run of GOLDEN_RUNS) {
    for (const fuse of [true, false]) {
      it(`${run.name} (fuse ${fuse})`, async () => {
        expect(await trainGoldenRun(run, fuse)).toEqual(golden[run.name]);
      });
    }
  }
});
