import type { BackendFallback, BackendReport } from '@rectify/core';
import type { TransferCounts } from './device';

/** The gpu backend's report: the running mode, every fallback, transfers and device resources. */
export interface GpuBackendReport extends BackendReport {
  readonly backend: 'gpu';
  /** Device arrays (textures / buffers) this session holds now. Constant from step to step. */
  readonly liveHandles: number;
  /** Distinct kernels built (once per shape). */
  readonly kernels: number;
  /** Whether `x != x` NaN checks survive this device's shader compiler (NaN propagation relies on them). */
  readonly nanChecks: boolean;
}

/** Mutable backing of {@link GpuBackendReport}; the session updates it. */
export class MutableGpuReport implements GpuBackendReport {
  readonly backend = 'gpu' as const;
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

  get transfers(): { readonly toDevice: number; readonly toHost: number } {
    return { toDevice: this.counts.toDevice, toHost: this.counts.toHost };
  }

  get liveHandles(): number {
    return this.stats().live;
  }

  get kernels(): number {
    return this.stats().kernels;
  }
}
