import { HEADLESS_GL_FIX } from '../src/errors';
import { GPU } from '../src/gpujs';

/** Fails loudly (never skips) when headless-gl or an X display is missing. */
export function requireHeadlessGl(): void {
  if (GPU.isHeadlessGLSupported !== true) {
    throw new Error(
      `headless-gl cannot create a WebGL context here (DISPLAY=${process.env.DISPLAY ?? 'unset'}). These tests need real GL: ${HEADLESS_GL_FIX}. Run them with \`pnpm --filter @rectify/gpu test\` (xvfb-run -a vitest run).`,
    );
  }
}
