import { defineConfig } from 'vite';
import { playgroundAliases } from './workspace-aliases.ts';

/**
 * Cross-origin isolation: with these two headers the page gets SharedArrayBuffer, so the CPU backend's kernels run on
 * worker threads sharing WebAssembly memory (without them it runs one thread and the backend panel says why).
 */
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  resolve: { alias: playgroundAliases },
  worker: { format: 'es' },
  // The worker imports the gpu package (and with it gpu.js) only when the GPU is picked; scanning the worker too
  // pre-bundles gpu.js at start, so the first GPU selection on the dev server does not re-optimise and reload.
  optimizeDeps: { entries: ['index.html', 'src/worker/train-worker.ts'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1', port: 4317, strictPort: false, headers: isolation },
  server: { host: '127.0.0.1', headers: isolation },
});
