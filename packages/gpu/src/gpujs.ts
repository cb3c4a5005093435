import * as gpujsNs from 'gpu.js';

/** A gpu.js pipeline result: a GL texture, a WebGPU buffer, or plain arrays on the cpu/webasm kernels. */
export type Handle = unknown;

/** The part of a gpu.js kernel run shortcut the backend uses. */
export interface KernelFn {
  (...args: unknown[]): unknown;
  /** The kernel that really runs (gpu.js swaps in a CPUKernel when a shader fails to compile). */
  kernel: { fallbackReason?: string | null };
  destroy?: (removeCanvasReferences?: boolean) => void;
}

/** The part of a gpu.js `GPU` instance the backend uses. */
export interface GpuInstance {
  readonly mode: string;
  readonly Kernel: unknown;
  context: unknown;
  createKernel(source: string, settings: Record<string, unknown>): KernelFn;
  addFunction(source: string): GpuInstance;
  destroy(): void | Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: gpu.js's kernel classes are only compared by identity here
type KernelClass = abstract new (...args: any[]) => unknown;

interface GpuJsModule {
  GPU: (new (settings: Record<string, unknown>) => GpuInstance) & Record<string, unknown>;
  input(value: Float32Array, size: number[]): unknown;
  HeadlessGLKernel: KernelClass;
  WebGL2Kernel: KernelClass;
  WebGLKernel: KernelClass;
  WebGPUKernel: KernelClass;
  WebAssemblyKernel: KernelClass;
  CPUKernel: KernelClass;
}

// gpu.js is CommonJS: bundlers and Node expose its exports on the namespace or on `default`.
const mod = ((gpujsNs as unknown as { default?: GpuJsModule }).default ?? gpujsNs) as unknown as GpuJsModule;

/** gpu.js's `GPU` class. */
export const GPU = mod.GPU;
/** gpu.js's `input(data, [width, height])`: a flat array seen by the kernel as 2-D. */
export const gpuInput = mod.input;

/**
 * gpu.js's kernel classes with the mode each runs, most derived first (HeadlessGLKernel and WebGL2Kernel extend
 * WebGLKernel). Compared by identity, never by class name: minifiers rename classes.
 */
export const KERNEL_CLASSES: readonly (readonly [KernelClass, string])[] = [
  [mod.HeadlessGLKernel, 'headlessgl'],
  [mod.WebGL2Kernel, 'webgl2'],
  [mod.WebGPUKernel, 'webgpu'],
  [mod.WebGLKernel, 'webgl'],
  [mod.WebAssemblyKernel, 'webasm'],
  [mod.CPUKernel, 'cpu'],
];

/** Whether `h` owns a device resource that must be deleted (GL textures, WebGPU buffers). */
export function isDeletable(h: unknown): h is { delete(): void; _deleted?: boolean } {
  return typeof h === 'object' && h !== null && typeof (h as { delete?: unknown }).delete === 'function';
}
