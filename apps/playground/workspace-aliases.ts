import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const packages = ['core', 'relu', 'leaky-relu', 'prelu', 'elu', 'gpu', 'testkit', 'onnx', 'norm', 'recurrent', 'conv'];

/**
 * Workspace packages resolved to their TypeScript sources (like vitest.shared.ts), so the playground builds,
 * tests and runs headless without building the packages first. Includes the third-party Swish and Maxout examples.
 */
export const playgroundAliases: Record<string, string> = {
  ...Object.fromEntries(packages.map((p) => [`@rectify/${p}`, `${root}packages/${p}/src/index.ts`])),
  'rectify-plugin-swish': `${root}examples/third-party-plugin/src/index.ts`,
  'rectify-layer-maxout': `${root}examples/third-party-layer/src/index.ts`,
};
