import { defineConfig } from 'tsup';
import { scriptTagBuild } from '../../scripts/script-tag-build';

export default defineConfig([
  { entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true, sourcemap: true, clean: false, target: 'es2022' },
  // The script-tag build: dist/rectify-recurrent.min.js defines the global `RectifyRecurrent` (after core's `Rectify`).
  scriptTagBuild('rectify-recurrent', 'RectifyRecurrent'),
]);
