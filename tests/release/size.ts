// Bundle costs as an app pays them: each entry bundled for the browser with esbuild --minify, from the packages'
// built output (what npm ships), with `sideEffects` and the ES module tree doing the tree-shaking.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PUBLISHED, workspaceRoot } from './workspace';

// esbuild ships with tsup (a root dev dependency).
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{
    outputFiles: { contents: Uint8Array }[];
    metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
  }>;
}

/** A minified browser bundle: its bytes, and how many of them each input module contributes. */
export interface MinifiedBundle {
  readonly bytes: number;
  /** Input module path (as esbuild names it) → its bytes in the output. */
  readonly inputs: ReadonlyMap<string, number>;
}
const esbuild = createRequire(createRequire(join(workspaceRoot, 'package.json')).resolve('tsup'))('esbuild') as Esbuild;

/** `source` (an ES module importing the packages) bundled for the browser and minified. */
export async function minifiedBundle(source: string): Promise<MinifiedBundle> {
  const out = await esbuild.build({
    stdin: { contents: source, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    // gpu.js is the gpu package's own dependency: its cost is counted, its Node-only fallbacks are not bundled.
    external: ['gl', 'webgpu'],
  });
  const [output] = Object.values(out.metafile.outputs);
  const inputs = new Map(Object.entries(output.inputs).map(([path, i]) => [path, i.bytesInOutput]));
  return { bytes: out.outputFiles[0].contents.length, inputs };
}

/** Minified bytes of `source` (an ES module importing the packages) bundled for the browser. */
export async function minifiedSize(source: string): Promise<number> {
  return (await minifiedBundle(source)).bytes;
}

/** The README's "Train a model" example (the XOR network), as a module. */
export function readmeXorExample(): string {
  const readme = readFileSync(join(workspaceRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Train a model'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no ```ts block under "## Train a model"');
  return block[1];
}

/** Budgets in minified bytes (issue #16). */
export const BUDGETS = {
  /** `import { relu } from '@rectify/relu'`. */
  reluOnly: 25 * 1024,
  /** The README's XOR example (core + relu): the target. */
  xorTarget: 60 * 1024,
  /**
   * What the XOR example may cost today (140.9 KB measured). The breakdown test (size-breakdown.ts) prints where the
   * bytes go: ~80 KB are the modules the example runs (training loop, layers, CPU backend and kernels, adam, relu,
   * input checks); the rest is carried through imports it needs: the worker-thread pool (every core by default,
   * issue #18), the built-in layers' gpu executors and ONNX hooks (the layer contract), the default registry behind
   * string names, and Sequential's other methods (a class's methods are never tree-shaken).
   */
  xorNow: 142 * 1024,
};

/** Every published package's cost when an app imports all of it (`import * as p`, then uses every export). */
export async function packageCosts(): Promise<Record<string, number>> {
  const costs: Record<string, number> = {};
  for (const p of PUBLISHED) {
    if (p === 'testkit') continue; // runs under vitest in a plugin's tests, never in an app bundle
    costs[`@rectify/${p}`] = await minifiedSize(`import * as p from '@rectify/${p}'; console.log(Object.values(p));`);
  }
  return costs;
}
