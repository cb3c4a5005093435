import { lazyKernelScratchBytes } from './kernel-switch';
import { gemmThreadPool } from './threads/gemm-threads';
import { kernelHeapBytes } from './wasm/kernel-arena';

/** The CPU backend's WebAssembly memory in this process (or page), as {@link cpuMemoryInfo} reports it. */
export interface CpuMemoryInfo {
  /**
   * Bytes of the kernel heap's chunks still alive (`allocKernelFloats`: the layer output and gradient buffers of every
   * model on the CPU backend, where the activation kernels work in place), reserved in chunks of 4, 8, then 16 MiB. Parameters,
   * their gradients and optimizer state are ordinary Float32Arrays, not counted here.
   */
  readonly kernelHeapBytes: number;
  /** Of those, the bytes handed out (each allocation padded to 64 bytes). */
  readonly kernelHeapUsedBytes: number;
  /**
   * Bytes of the kernels' own scratch memories, shared by all models: the matrix products' (plain, FMA, and the
   * thread pool's shared memory) and the element-wise math's. They grow to the largest call and never shrink.
   */
  readonly scratchBytes: number;
}

/**
 * How much WebAssembly memory core's CPU kernels hold now. The kernel heap is freed chunk by chunk as models become
 * unreachable; the scratch memories stay for the process. Layer plugins with kernels of their own (convolutions)
 * are not counted.
 * @example const { kernelHeapUsedBytes, scratchBytes } = cpuMemoryInfo();
 */
export function cpuMemoryInfo(): CpuMemoryInfo {
  const heap = kernelHeapBytes();
  const pool = gemmThreadPool();
  return {
    kernelHeapBytes: heap.reserved,
    kernelHeapUsedBytes: heap.used,
    scratchBytes: lazyKernelScratchBytes() + (pool ? pool.memory.buffer.byteLength : 0),
  };
}
