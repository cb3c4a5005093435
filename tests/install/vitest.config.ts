import { defineProject } from 'vitest/config';

// No workspace aliases here: this test must see the packed tarballs, never the sources.
export default defineProject({
  test: { include: ['*.test.ts'], testTimeout: 300_000, hookTimeout: 600_000 },
});
