import type { BackendFallback, BackendReport } from '@rectify/core';
import type { TransferCounts } from './device';

/**
 * The gpu backend's report: the running mode, every fallback, transfers and device resources. Plain data (no
 * functions, no getters), so it survives `structuredClone` and `postMessage` from a worker.
 */
export interface GpuBackendReport extends BackendReport {
  readonly backend: 'gpu';
  /** The mode requested (`auto`, `webgl2`, ...). */
  readonly requestedMode: string;
  /** Device arrays (textures / buffers) this session holds now. Constant from step to step. */
  readonly liveHandles: number;
  /** Distinct kernels built (once per shape). */
  readonly kernels: number;
  /**
   * Whether this device's shader compiler keeps the NaN test the activation kernels use to pass NaN through
   * (checked at start-up by a probe kernel on an uploaded NaN).
   */
  readonly nanChecks: boolean;
}

/** What the session changes while it runs; {@link GpuReportState.snapshot} turns it into a plain report. */
export class GpuReportState {
  mode: string;
  modeFallbackReason?: string;
  readonly fallbacks: BackendFallback[] = [];
  nanChecks = true;
  constructor(
    readonly requestedMode: string,
    mode: string,
    private readonly counts: TransferCounts,
    private readonly stats: () => { live: number; kernels: number },
  ) {
    this.mode = mode;
  }

  /** A fresh plain-data copy of the report as it is now. */
  snapshot(): GpuBackendReport {
    const { live, kernels } = this.stats();
    return {
      backend: 'gpu',
      requestedMode: this.requestedMode,
      mode: this.mode,
      ...(this.modeFallbackReason === undefined ? {} : { modeFallbackReason: this.modeFallbackReason }),
      fallbacks: this.fallbacks.map((f) => ({ ...f })),
      transfers: { toDevice: this.counts.toDevice, toHost: this.counts.toHost },
      liveHandles: live,
      kernels,
      nanChecks: this.nanChecks,
    };
  }
}
