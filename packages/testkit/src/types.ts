import type { HyperInput, HyperParams } from '@rectify/core';

/** The outcome of one conformance check: an empty `failures` list means it passed. */
export interface CheckResult {
  /** Stable id of the check, e.g. `gradients`. */
  readonly id: string;
  /** One line per violated expectation, naming the case, the input and the numbers. */
  readonly failures: string[];
  /** How many individual comparisons were made (a check that compares nothing fails). */
  readonly compared: number;
  /** Things the check deliberately left out (points next to a kink, modes without a process), for the log. */
  readonly notes: string[];
}

/** Relative plus absolute tolerance: `|actual - expected| <= rtol * scale + atol`. */
export interface Tolerance {
  /** Relative tolerance, ≥ 0. */
  readonly rtol: number;
  /** Absolute tolerance, ≥ 0. */
  readonly atol: number;
}

/** The minimal surface of a gpu.js `GPU` instance the testkit uses, so it needs no dependency on gpu.js. */
export interface GpuJsInstance {
  /** Registers a helper function the kernels may call (each plugin gpu.js function). */
  addFunction(source: never, settings?: never): unknown;
  /** Compiles a kernel; the testkit passes `{ output: [n], precision: 'single' }`. */
  createKernel(source: never, settings?: never): GpuJsKernel;
  /** Releases the instance's resources; called when the testkit is done with it, when present. */
  destroy?(): unknown;
}

/** A compiled gpu.js kernel as the testkit calls it. */
export interface GpuJsKernel {
  (...args: never[]): unknown;
  /** Releases the kernel; called after its one run, when present. */
  destroy?(removeCanvasReferences?: boolean): void;
}

/**
 * How to reach gpu.js for the GPU-agreement check. Pass the `GPU` class from `gpu.js` (and a mode), or a factory
 * that returns a ready instance; the testkit itself never imports gpu.js.
 */
export interface GpuOption {
  /** The gpu.js `GPU` class (constructed as `new GPU({ mode })`). */
  readonly GPU?: new (
    ...settings: never[]
  ) => GpuJsInstance;
  /** Alternatively, a factory returning a gpu.js instance; the testkit destroys it after the check. */
  readonly create?: () => GpuJsInstance;
  /** gpu.js mode: `cpu`, `headlessgl`, `webgl2`, … Default: gpu.js's choice. */
  readonly mode?: string;
  /** Agreement tolerance with the CPU kernels. Default `{ rtol: 1e-5, atol: 1e-6 }`. */
  readonly tolerance?: Tolerance;
}

/** Options of the conformance suite. Every field is optional. */
export interface ConformanceOptions<P extends string = string> {
  /**
   * Extra hyper-parameter sets to test besides the defaults, e.g. `[{ numParameters: 4 }]` to exercise a
   * per-channel learnable parameter, or `[{ negativeSlope: 0.2 }]`.
   */
  readonly hyperSets?: readonly HyperInput<P>[];
  /** Channel count used when every learnable parameter is shared (size 1). Default 3. */
  readonly channels?: number;
  /** Elements per channel per sample in the test layout (the `inner` of the kernel context). Default 2. */
  readonly inner?: number;
  /**
   * Where the activation is not differentiable, per hyper-parameter set. Gradient checks skip inputs within the
   * finite-difference step of these points. Default: `[0]`.
   */
  kinks?(hyper: HyperParams<P>): readonly number[];
  /** How far learnable values are moved from their init in the "perturbed" cases, relative to max(1, |init|). Default 0.25. */
  readonly learnableJitter?: number;
  /** Seed of the random inputs. Default 1234. */
  readonly seed?: number;
  /** Forward vs reference tolerance. Default `{ rtol: 1e-6, atol: 1e-44 }` (float32 rounding, subnormals). */
  readonly forwardTolerance?: Tolerance;
  /** Backward vs float64 finite differences of `reference`. Default `{ rtol: 1e-4, atol: 1e-6 }`. */
  readonly gradientTolerance?: Tolerance;
  /** Backward vs float32 finite differences of the forward kernel (plus an estimated round-off). Default `{ rtol: 2e-2, atol: 1e-4 }`. */
  readonly kernelGradientTolerance?: Tolerance;
  /** CPU kernels vs kernels derived from the plugin's `scalar` functions. Default `{ rtol: 1e-6, atol: 1e-30 }`. */
  readonly scalarTolerance?: Tolerance;
  /** Elements per call in the allocation check. Default 100 000. */
  readonly allocationLength?: number;
  /** Calls per kernel in the allocation check. Default 200. */
  readonly allocationCalls?: number;
  /** Compare the plugin's gpu.js functions with its CPU kernels through this gpu.js. */
  readonly gpu?: GpuOption;
}
