import { defineConfig } from 'vite';
import { playgroundAliases } from './workspace-aliases.ts';

export default defineConfig({
  resolve: { alias: playgroundAliases },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1', port: 4317, strictPort: false },
  server: { host: '127.0.0.1' },
});
