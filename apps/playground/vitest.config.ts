import { defineProject } from 'vitest/config';
import { playgroundAliases } from './workspace-aliases.ts';

export default defineProject({
  resolve: { alias: playgroundAliases },
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 300_000,
    // The end-to-end files each build into dist/ and drive a Chromium: one at a time.
    fileParallelism: false,
  },
});
