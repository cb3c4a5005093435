/**
 * @packageDocumentation
 * The gpu.js backend for Rectify: whole training steps as pipelined kernels on WebGL2, WebGL, WebGPU, headless-gl,
 * WebAssembly or plain JavaScript, with every fallback reported.
 */
export { gpuBackend, type GpuBackendOptions } from './gpu-backend';
export { GpuSession } from './session';
export type { GpuBackendReport } from './report';
export { GPU_MODES, type GpuMode } from './mode';
export {
  GpuAsyncOnlyError,
  GpuLimitError,
  GpuLostError,
  GpuUnavailableError,
  GpuUnsupportedError,
  HEADLESS_GL_FIX,
} from './errors';
