// The minifiers apps ship plugin code through: Oxc (Vite 8 / Rolldown, the playground's build), esbuild and terser.
// gpu.js compiles function source text, so a plugin's gpu functions must still compile after either.
import { createRequire } from 'node:module';
import type { GpuActivationKernels } from '@rectify/core';

const here = createRequire(import.meta.url);
// Rolldown comes with Vite (vitest's dependency) and esbuild with tsup (a root dev dependency).
const rolldownUtils = createRequire(createRequire(here.resolve('vitest')).resolve('vite')).resolve('rolldown/utils');
const esbuild = createRequire(here.resolve('tsup'))('esbuild') as typeof import('esbuild');

/** Minifies a whole script with Oxc, as `vite build` does. */
export async function oxcMinify(code: string): Promise<string> {
  const { minify } = (await import(rolldownUtils)) as { minify: (file: string, code: string) => Promise<{ code: string }> };
  return (await minify('bundle.js', code)).code;
}

/** Minifies a whole script with esbuild. */
export function esbuildMinify(code: string): string {
  return esbuild.transformSync(code, { minify: true, loader: 'js' }).code;
}

/** Minifies a whole script with terser (compress and mangle, classes renamed as by default). */
export async function terserMinify(code: string): Promise<string> {
  const { minify } = await import('terser');
  const out = await minify(code, { compress: true, mangle: true });
  if (out.code === undefined) throw new Error('terser returned no code');
  return out.code;
}

/** A copy of a plugin's gpu functions as they come out of `minifier` (evaluated back from the minified source). */
export async function minifiedKernels(
  gpu: GpuActivationKernels,
  minifier: (code: string) => string | Promise<string>,
): Promise<{ kernels: GpuActivationKernels; source: string }> {
  const src = (f: unknown) => Function.prototype.toString.call(f);
  const grads = Object.entries(gpu.paramGrads ?? {})
    .map(([k, f]) => `${JSON.stringify(k)}: ${src(f)}`)
    .join(', ');
  const code = `globalThis.__kernels = { forward: ${src(gpu.forward)}, backward: ${src(gpu.backward)}, paramGrads: { ${grads} } };`;
  const source = await minifier(code);
  const box: { __kernels?: GpuActivationKernels } = {};
  new Function('globalThis', source)(box);
  return { kernels: box.__kernels as GpuActivationKernels, source };
}
