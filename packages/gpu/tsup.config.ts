import { defineConfig } from 'tsup';

export default defineConfig([
  // Node (and bundlers without the browser condition): gpu.js is an optional peer dependency the app installs.
  { entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true, sourcemap: true, clean: false, target: 'es2022' },
  // Browsers (the `browser` export condition): gpu.js's browser build is bundled in, so a browser app installs
  // neither gpu.js nor its Node-only dependencies (the native `gl` build, the `webgpu` binaries).
  {
    entry: { browser: 'src/index.ts' },
    format: ['esm'],
    platform: 'browser',
    noExternal: ['gpu.js'],
    sourcemap: true,
    clean: false,
    dts: false,
    target: 'es2022',
  },
]);
