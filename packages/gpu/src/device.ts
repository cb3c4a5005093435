import { GpuLimitError, GpuLostError } from './errors';
import { type GpuInstance, type Handle, type KernelFn, gpuInput, isDeletable } from './gpujs';
import { modeOfKernel } from './mode';

/** Settings of one kernel: its gpu.js source, output size (`[n]` or `[cols, rows]`) and loop constants. */
export interface KernelSpec {
  readonly source: string;
  readonly output: readonly number[];
  readonly constants?: Readonly<Record<string, number>>;
}

/** Host⇄device transfer counters (array uploads and read-backs; scalar uniforms are not counted). */
export interface TransferCounts {
  toDevice: number;
  toHost: number;
}

/**
 * One gpu.js instance with a cache of kernels keyed by source and shape, transfer counters, and a count of the
 * device resources (textures / buffers) this backend holds. Every kernel is pipelined and immutable: each call
 * returns a fresh handle that {@link Device.release} deletes.
 */
export class Device {
  readonly transfers: TransferCounts = { toDevice: 0, toHost: 0 };
  /** Handles created and not yet released. */
  live = 0;
  private readonly kernels = new Map<string, KernelFn>();
  private readonly checked = new Set<KernelFn>();
  private readonly functions = new Set<string>();

  constructor(
    readonly gpu: GpuInstance,
    /** The mode the kernels run in. */
    readonly mode: string,
    /** Largest texture side (`MAX_TEXTURE_SIZE`), or Infinity without textures; lowered once a context exists. */
    public maxTextureSize: number,
  ) {}

  /** Number of distinct kernels built so far. */
  get kernelCount(): number {
    return this.kernels.size;
  }

  /** Adds a helper function (plugin kernels) once; `name` is its (unique) function name. */
  addFunction(name: string, source: string): void {
    if (this.functions.has(name)) return;
    this.gpu.addFunction(source);
    this.functions.add(name);
  }

  /** The kernel for `spec`, built on first use and reused for the same source, output and constants. */
  kernel(spec: KernelSpec): KernelFn {
    const key = `${spec.source}|${spec.output.join('x')}|${JSON.stringify(spec.constants ?? {})}`;
    let k = this.kernels.get(key);
    if (k === undefined) {
      this.checkSize(spec.output, 'a kernel output');
      const loopMax = Math.max(1, ...Object.values(spec.constants ?? {}));
      k = this.gpu.createKernel(spec.source, {
        output: [...spec.output],
        pipeline: true,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
        constants: spec.constants ?? {},
        loopMaxIterations: loopMax,
        dynamicOutput: false,
      });
      this.kernels.set(key, k);
    }
    return k;
  }

  /** Throws a {@link GpuLimitError} when an array of this output size does not fit the device's textures. */
  checkSize(output: readonly number[], what: string): void {
    const n = output.reduce((a, b) => a * b, 1);
    const max = this.maxTextureSize;
    if (n > max * max || output.some((d) => d > max * max)) {
      throw new GpuLimitError(
        `gpu backend: ${what} of [${[...output].reverse().join(', ')}] (${n} values) exceeds this device's texture limit (MAX_TEXTURE_SIZE ${max}, at most ${max * max} values); use a smaller batch size or narrower layers`,
      );
    }
  }

  /** Runs a kernel; the result (or its Promise, on webgpu) is a new handle to {@link Device.track} and release. */
  run(k: KernelFn, args: readonly unknown[]): Handle {
    const out = k(...args);
    if (!this.checked.has(k)) {
      this.checked.add(k);
      const ran = modeOfKernel(k.kernel, 'an unknown kernel class');
      if (ran !== this.mode) {
        throw new GpuLostError(
          `gpu backend: a kernel failed to build on ${this.mode} and gpu.js switched it to ${ran}${k.kernel.fallbackReason ? ` (${k.kernel.fallbackReason})` : ''}; check the plugin's gpu functions or use cpuBackend()`,
        );
      }
    }
    return out;
  }

  /** Counts a handle returned by a kernel as live until it is released. */
  track(h: Handle): Handle {
    if (isDeletable(h)) this.live++;
    return h;
  }

  /** The kernel and arguments that upload a host array as a `[rows, cols]` (or `[rows]` when `cols` is 0) array. */
  uploadArgs(data: Float32Array, rows: number, cols: number): { run: KernelFn; args: unknown[] } {
    const two = cols > 0;
    const k = this.kernel({ source: two ? COPY_2D : COPY_1D, output: two ? [cols, rows] : [rows] });
    return { run: k, args: [two ? gpuInput(data, [cols, rows]) : data] };
  }

  /** Deletes a handle's device resource (no-op for plain arrays and already released handles). */
  release(h: Handle): void {
    if (isDeletable(h) && !h._deleted) {
      h.delete();
      this.live--;
    }
  }

  /**
   * Destroys every kernel and the gpu.js instance (gpu.js finishes on the next tick); the promise settles then and
   * never rejects (a lost context cannot be cleaned up further).
   */
  destroy(): Promise<void> {
    this.kernels.clear();
    this.checked.clear();
    try {
      return Promise.resolve(this.gpu.destroy()).catch(() => undefined);
    } catch {
      return Promise.resolve();
    }
  }
}

const COPY_2D = 'function (a) { return a[this.thread.y][this.thread.x]; }';
const COPY_1D = 'function (a) { return a[this.thread.x]; }';

/** Copies a kernel result (Float32Array, rows of Float32Array) into a flat host array. */
export function flattenInto(value: unknown, out: Float32Array): void {
  if (value instanceof Float32Array) {
    out.set(value.length > out.length ? value.subarray(0, out.length) : value);
    return;
  }
  const rows = value as ArrayLike<ArrayLike<number>>;
  let o = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length; c++) out[o++] = row[c];
  }
}
