import { RectifyError } from '@rectify/core';

/** The install command for headless-gl and a virtual display on Debian/Ubuntu. */
export const HEADLESS_GL_FIX =
  'apt-get install -y xvfb libxi-dev libglu1-mesa-dev libglew-dev pkg-config, rebuild gl with `npm_config_nodedir=/usr pnpm rebuild gl`, and run under `xvfb-run -a`';

/** The requested gpu.js mode cannot run here (no context, no float textures, single precision missing). */
export class GpuUnavailableError extends RectifyError {
  /** `'GpuUnavailableError'`, spelled out so minifiers that rename classes keep it. */
  override readonly name: string = 'GpuUnavailableError';
  /**
   * Creates the error with code `GPU_UNAVAILABLE`.
   * @param message - What went wrong and how to fix it.
   */
  constructor(message: string) {
    super('GPU_UNAVAILABLE', message);
  }
}

/** A tensor does not fit the device's textures (`MAX_TEXTURE_SIZE`). */
export class GpuLimitError extends RectifyError {
  /** `'GpuLimitError'`, spelled out so minifiers that rename classes keep it. */
  override readonly name: string = 'GpuLimitError';
  /**
   * Creates the error with code `GPU_LIMIT`.
   * @param message - What went wrong and how to fix it.
   */
  constructor(message: string) {
    super('GPU_LIMIT', message);
  }
}

/** The GPU went away mid-training (context lost, shader failed to compile); host weights hold the last sync. */
export class GpuLostError extends RectifyError {
  /** `'GpuLostError'`, spelled out so minifiers that rename classes keep it. */
  override readonly name: string = 'GpuLostError';
  /**
   * Creates the error with code `GPU_LOST`.
   * @param message - What went wrong and how to fix it.
   */
  constructor(message: string) {
    super('GPU_LOST', message);
  }
}

/** The model uses a loss or optimizer the gpu backend has no kernels for. */
export class GpuUnsupportedError extends RectifyError {
  /** `'GpuUnsupportedError'`, spelled out so minifiers that rename classes keep it. */
  override readonly name: string = 'GpuUnsupportedError';
  /**
   * Creates the error with code `GPU_UNSUPPORTED`.
   * @param message - What went wrong and how to fix it.
   */
  constructor(message: string) {
    super('GPU_UNSUPPORTED', message);
  }
}

/** A synchronous call on a mode whose kernels only answer asynchronously (`webgpu`). */
export class GpuAsyncOnlyError extends RectifyError {
  /** `'GpuAsyncOnlyError'`, spelled out so minifiers that rename classes keep it. */
  override readonly name: string = 'GpuAsyncOnlyError';
  /**
   * Creates the error with code `GPU_ASYNC_ONLY`.
   * @param method - The synchronous method that was called, e.g. `trainStep`.
   */
  constructor(method: string) {
    super(
      'GPU_ASYNC_ONLY',
      `gpu backend: ${method}() is synchronous but webgpu kernels answer with Promises; call ${method}Async() on the session, or use mode 'webgl2'`,
    );
  }
}
