import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';
import { scriptTagBuild } from '../../scripts/script-tag-build';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/** Every non-test source file: each becomes its own ES module, so bundlers drop the modules an app does not use. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !/\.test\.ts$|^test-|test-support\.ts$/.test(e.name) ? [path] : [];
  });
}

/**
 * Keeps every relative import as an import of the sibling output file (`./errors` → `./errors.js`,
 * `./activation` → `./activation/index.js`): each entry is compiled alone, which is an unbundled ES module tree.
 */
const keepModules: Plugin = {
  name: 'keep-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\.?(\/|$)/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const target = resolve(args.resolveDir, args.path);
      const file = existsSync(`${target}.ts`) ? `${args.path}.js` : `${args.path}/index.js`;
      if (!existsSync(`${target}.ts`) && !existsSync(join(target, 'index.ts'))) {
        throw new Error(`keep-modules: cannot resolve ${args.path} from ${relative('.', args.importer)}`);
      }
      return { path: file.startsWith('.') ? file : `./${file}`, external: true };
    });
  },
};

export default defineConfig([
  // CommonJS (one file, for require) and its type declarations.
  { entry: ['src/index.ts', 'src/node.ts'], format: ['cjs'], dts: true, sourcemap: true, clean: false, target: 'es2022' },
  // The type declarations of the ES modules.
  { entry: ['src/index.ts', 'src/node.ts'], format: ['esm'], dts: { only: true }, clean: false, target: 'es2022' },
  // The ES modules users import: one output file per source file.
  {
    entry: sourceFiles('src'),
    outDir: 'dist/esm',
    format: ['esm'],
    bundle: true,
    splitting: false,
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    esbuildPlugins: [keepModules],
  },
  // The script-tag build: dist/rectify-core.min.js defines the global `Rectify`.
  scriptTagBuild('rectify-core', 'Rectify'),
]);
