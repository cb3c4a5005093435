/**
 * The script-tag build of a package: one minified IIFE file, `dist/<file>.min.js`, that sets `globalThis.<global>`.
 * `@rectify/core` is the global `Rectify`; a plugin's import of `@rectify/core` reads that global, so a page loads
 * core's script first, then the plugins'.
 */
import type { Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/** Resolves `@rectify/core` to the `Rectify` global that core's script-tag build defines. */
const coreAsGlobal: Plugin = {
  name: 'rectify-core-as-global',
  setup(build) {
    build.onResolve({ filter: /^@rectify\/core$/ }, () => ({ path: '@rectify/core', namespace: 'rectify-global' }));
    build.onLoad({ filter: /.*/, namespace: 'rectify-global' }, () => ({
      loader: 'js',
      contents:
        "if (!globalThis.Rectify) throw new Error('load @rectify/core (dist/rectify-core.min.js) before this script');\n" +
        'module.exports = globalThis.Rectify;',
    }));
  },
};

/**
 * The tsup options of a script-tag build.
 * @param file - The output name without `.min.js`, e.g. `rectify-relu`.
 * @param globalName - The global it defines, e.g. `RectifyRelu`.
 */
export function scriptTagBuild(file: string, globalName: string): Options {
  return {
    entry: { [`${file}.min`]: 'src/index.ts' },
    format: ['iife'],
    globalName,
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    clean: false,
    dts: false,
    outExtension: () => ({ js: '.js' }),
    esbuildPlugins: [coreAsGlobal],
  };
}
