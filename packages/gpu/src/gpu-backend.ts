import type { Backend, BackendFallback, SessionSpec } from '@rectify/core';
import { Device } from './device';
import { type GpuContextOptions, type GpuMode, openGpu } from './mode';
import { GpuSession } from './session';

/** Options of {@link gpuBackend}. */
export interface GpuBackendOptions extends GpuContextOptions {
  /** gpu.js mode. Default `auto`: headlessgl in Node, webgl2/webgl in a browser, else webasm, else cpu (reported). */
  readonly mode?: GpuMode;
  /** Called for every fallback: a layer run on the CPU, `auto` not getting a GPU, or a switch after a lost device. */
  readonly onFallback?: (entry: BackendFallback) => void;
  /** When the device fails mid-training: throw a GpuLostError (default) or continue on the CPU backend. */
  readonly onLost?: 'throw' | 'cpu';
  /** Lowers the texture size limit below the device's `MAX_TEXTURE_SIZE` (for testing limits). */
  readonly maxTextureSize?: number;
}

/**
 * The gpu.js backend: compiles dense, activation and residual layers, the built-in losses, L2 and the SGD / Adam /
 * AdamW updates into pipelined kernels so a training step stays on the device. Only x and y go up per step; only
 * the loss (when asked), predictions and `sync()` come back. See `session.report` for what really ran.
 * @example model.compile({ loss: 'mse', optimizer: adam(), backend: gpuBackend({ mode: 'headlessgl' }) })
 */
export function gpuBackend(options: GpuBackendOptions = {}): Backend {
  const requested = options.mode ?? 'auto';
  return Object.freeze({
    name: 'gpu',
    createSession(spec: SessionSpec): GpuSession {
      const opened = openGpu(requested, options);
      const device = new Device(opened.gpu, opened.mode, options.maxTextureSize ?? Number.POSITIVE_INFINITY);
      if (opened.reason) options.onFallback?.({ layer: '*', ranOn: opened.mode, reason: opened.reason });
      try {
        return new GpuSession(spec, {
          device,
          requestedMode: requested,
          modeFallbackReason: opened.reason,
          async: opened.mode === 'webgpu',
          onFallback: options.onFallback,
          onLost: options.onLost ?? 'throw',
        });
      } catch (e) {
        device.destroy();
        throw e;
      }
    },
  });
}
