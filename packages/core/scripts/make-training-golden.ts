/**
 * Writes `test/golden/fixtures/training-golden.json`: the final weights of the fixed-seed CPU training runs in
 * `test/golden/training-runs.ts`, as float32 bit patterns. Run it only when a change to training numerics is
 * intended (and name that change in a changeset): `pnpm --filter @rectify/core exec tsx scripts/make-training-golden.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GOLDEN_RUNS, trainGoldenRun } from '../test/golden/training-runs';

const golden: Record<string, Record<string, string[]>> = {};
for (const run of GOLDEN_RUNS) golden[run.name] = await trainGoldenRun(run, true);
const path = fileURLToPath(new URL('../test/golden/fixtures/training-golden.json', import.meta.url));
// One line per array, so that a diff of the file names the parameters that changed.
const runs = Object.entries(golden).map(([name, arrays]) => {
  const lines = Object.entries(arrays).map(([id, bits]) => `    ${JSON.stringify(id)}: ${JSON.stringify(bits)}`);
  return `  ${JSON.stringify(name)}: {\n${lines.join(',\n')}\n  }`;
});
writeFileSync(path, `{\n${runs.join(',\n')}\n}\n`);
console.log(`wrote ${path}: ${GOLDEN_RUNS.length} runs`);
