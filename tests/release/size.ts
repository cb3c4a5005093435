// Bundle costs as an app pays them: each entry bundled for the browser with esbuild --minify, from the packages'
// built output (what npm ships), with `sideEffects` and the ES module tree doing the tree-shaking.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PUBLISHED, workspaceRoot } from './workspace';

// esbuild ships with tsup (a root dev dependency).
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
}
const esbuild = createRequire(createRequire(join(workspaceRoot, 'package.json')).resolve('tsup'))('esbuild') as Esbuild;

/** Minified bytes of `source` (an ES module importing the packages) bundled for the browser. */
export async function minifiedSize(source: string): Promise<number> {
  const out = await esbuild.build({
    stdin: { contents: source, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    // gpu.js is the gpu package's own dependency: its cost is counted, its Node-only fallbacks are not bundled.
    external: ['gl', 'webgpu'],
  });
  return out.outputFiles[0].contents.length;
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
   * What the XOR example may cost today (140.9 KB measured; the kernel modules ship deflated since issue #16's last
   * pass, −26 KB). sequential() needs the default registry, whose sigmoid and tanh bring the exp-family WebAssembly
   * modules (~6 KB deflated) and their ONNX hooks; the built-in layer plugins carry their CPU and gpu executors (layer
   * contract v2, ~7 KB) and their own ONNX import hooks (~3 KB); define-time validation of gpu sources (~4 KB); the
   * CPU backend's worker-thread pool (~7 KB, issue #18); and Sequential's methods bring fit on streams, gradient
   * clipping, weight import, summary and progress (~23 KB: a class's methods are never tree-shaken). Reaching
   * xorTarget takes API changes (string names resolved only through an explicit registry, those methods as free
   * functions): lower this as they land.
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
