import { defineProject } from 'vitest/config';

// Stands alone, so the folder can be copied out of the repo: @rectify/* resolve to the installed packages (in the
// workspace, to their built dist, which turbo's `^build` makes before `test`).
export default defineProject({
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
