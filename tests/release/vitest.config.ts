import { defineProject } from 'vitest/config';

// No workspace aliases: these checks look at what would be published (built dist, packed tarballs).
export default defineProject({
  test: { include: ['*.test.ts'], testTimeout: 300_000, hookTimeout: 600_000 },
});
