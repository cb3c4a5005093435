import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const pkgs = ['core', 'relu', 'leaky-relu', 'prelu', 'elu', 'gpu', 'testkit', 'onnx', 'conv', 'recurrent'];

/** Tests run against the TypeScript sources of the workspace packages, not their build output. */
export const workspaceAliases: Record<string, string> = Object.fromEntries(
  pkgs.map((p) => [`@rectify/${p}`, `${root}packages/${p}/src/index.ts`]),
);
