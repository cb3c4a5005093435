import { GpuUnavailableError, HEADLESS_GL_FIX } from './errors';
import { GPU, type GpuInstance, KERNEL_CLASSES } from './gpujs';

/** The gpu.js modes the backend accepts. `auto` picks the best synchronous one and reports why it skipped others. */
export type GpuMode = 'auto' | 'webgl2' | 'webgl' | 'webgpu' | 'headlessgl' | 'webasm' | 'cpu';

/** Every accepted mode. */
export const GPU_MODES: readonly GpuMode[] = Object.freeze(['auto', 'webgl2', 'webgl', 'webgpu', 'headlessgl', 'webasm', 'cpu']);

/**
 * The mode a gpu.js kernel runs in, found by identity (`instanceof` its class), so it survives minification;
 * `fallback` when the kernel is of no known class.
 */
export function modeOfKernel(kernel: unknown, fallback: string): string {
  if (typeof kernel !== 'object' || kernel === null) return fallback;
  return KERNEL_CLASSES.find(([Class]) => kernel instanceof Class)?.[1] ?? fallback;
}

/** The mode of a gpu.js kernel class (`GPU#Kernel`), by identity; `fallback` for an unknown or missing class. */
export function modeOfKernelClass(Class: unknown, fallback: string): string {
  return KERNEL_CLASSES.find(([Known]) => Class === Known)?.[1] ?? fallback;
}

const SUPPORT: Readonly<Record<Exclude<GpuMode, 'auto' | 'cpu'>, string>> = {
  headlessgl: 'isHeadlessGLSupported',
  webgl2: 'isWebGL2Supported',
  webgl: 'isWebGLSupported',
  webgpu: 'isWebGPUSupported',
  webasm: 'isWebAssemblySupported',
};

function supported(mode: GpuMode): boolean {
  if (mode === 'cpu') return true;
  if (mode === 'auto') return false;
  return GPU[SUPPORT[mode]] === true;
}

function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; document?: unknown };
  return typeof g.document === 'undefined' && typeof g.process?.versions?.node === 'string';
}

/** Why headless-gl cannot create a context here, with the fix. */
export function headlessGlReason(): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const cause = env.DISPLAY
    ? `headless-gl could not create a context on display ${env.DISPLAY} (the native \`gl\` module is missing or failed to build)`
    : 'headless-gl has no X display (DISPLAY is unset) or the native `gl` module is missing';
  return `${cause}; fix: ${HEADLESS_GL_FIX}`;
}

function unavailableReason(mode: GpuMode): string {
  switch (mode) {
    case 'headlessgl':
      return isNode() ? headlessGlReason() : 'headlessgl runs in Node only; use webgl2 in a browser';
    case 'webgl2':
    case 'webgl':
      return isNode()
        ? `${mode} needs a browser; in Node use headlessgl`
        : `this browser gives no ${mode} context (disabled or blocklisted GPU)`;
    case 'webgpu':
      return 'navigator.gpu is missing (WebGPU disabled; in Chromium pass --enable-unsafe-webgpu)';
    case 'webasm':
      return 'WebAssembly is not available';
    default:
      return `${mode} is not available`;
  }
}

/** A gpu.js instance and what it really runs on. */
export interface OpenedGpu {
  readonly gpu: GpuInstance;
  /** The mode actually running. */
  readonly mode: string;
  /** Why `mode` differs from the requested one. */
  readonly reason?: string;
}

/** Options passed through to `new GPU()`: your own canvas or WebGL context. */
export interface GpuContextOptions {
  /** A canvas for gpu.js to draw its WebGL context from (browsers). */
  readonly canvas?: unknown;
  /** An existing WebGL context for gpu.js to use (a headless-gl context in Node, or a page's own). */
  readonly context?: unknown;
}

/**
 * Creates the gpu.js instance for a requested mode. An explicit mode that cannot run throws a
 * {@link GpuUnavailableError} with the fix; `auto` walks headlessgl/webgl2/webgl → webasm → cpu and says why.
 */
export function openGpu(requested: GpuMode, options: GpuContextOptions = {}): OpenedGpu {
  if (!GPU_MODES.includes(requested)) {
    throw new GpuUnavailableError(`gpu backend: unknown mode "${String(requested)}"; use one of ${GPU_MODES.join(', ')}`);
  }
  const extra: Record<string, unknown> = {};
  if (options.canvas) extra.canvas = options.canvas;
  if (options.context) extra.context = options.context;
  if (requested !== 'auto') {
    if (!options.context && !supported(requested)) {
      throw new GpuUnavailableError(`gpu backend: mode '${requested}' is not available: ${unavailableReason(requested)}`);
    }
    const gpu = new GPU({ mode: requested, ...extra });
    return { gpu, mode: modeOfKernelClass(gpu.Kernel, requested) };
  }
  const order: GpuMode[] = isNode() ? ['headlessgl', 'webasm', 'cpu'] : ['webgl2', 'webgl', 'webasm', 'cpu'];
  const skipped: string[] = [];
  for (const mode of order) {
    if (supported(mode)) {
      const gpu = new GPU({ mode, ...extra });
      const running = modeOfKernelClass(gpu.Kernel, mode);
      const first = order[0];
      return skipped.length === 0
        ? { gpu, mode: running }
        : { gpu, mode: running, reason: `auto chose ${running}, not ${first}: ${skipped.join('; ')}` };
    }
    skipped.push(`${mode}: ${unavailableReason(mode)}`);
  }
  throw new GpuUnavailableError('gpu backend: no gpu.js mode is available');
}
