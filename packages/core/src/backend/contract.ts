import type { ResolvedGradClip } from '../clipping/contract';
import type { Loss } from '../losses/contract';
import type { Optimizer } from '../optimizers/contract';
import type { Rng } from '../random';
import type { Tensor } from '../tensor';
import type { Layer } from '../layers/contract';

/** A layer that a backend could not run natively and ran another way, and why. */
export interface BackendFallback {
  /** Layer path, e.g. `layers.3` or `layers.2.body.1`. */
  readonly layer: string;
  /** What ran instead, e.g. `cpu`. */
  readonly ranOn: string;
  /** Why the layer could not run natively, e.g. `plugin "swish" has no gpu kernels`. */
  readonly reason: string;
}

/** What a backend really runs on, and every fallback it took. */
export interface BackendReport {
  /** `cpu` or `gpu`. */
  readonly backend: string;
  /** The mode requested (`auto`, `webgl2`, ...), when the backend has modes. */
  readonly requestedMode?: string;
  /** The mode actually running. */
  readonly mode: string;
  /** Why the running mode differs from the requested one, if it does. */
  readonly modeFallbackReason?: string;
  /** Every layer that ran another way than natively, with the reason. Empty when everything ran natively. */
  readonly fallbacks: readonly BackendFallback[];
  /**
   * The CPU backend's matrix kernel: whether it runs the fused multiply-add (relaxed-SIMD) variant and why. FMA
   * results differ from non-FMA ones in the last bits (see docs/numerics.md).
   */
  readonly fma?: {
    /** True when the matrix products run `f32x4.relaxed_madd`. */
    readonly on: boolean;
    /** The option, engine feature or kernel switch that decided it. */
    readonly reason: string;
  };
  /**
   * The CPU backend's threads: how many were asked for (`cpuBackend({ threads })`, default every core), how many the
   * matrix products can use here, and why. Results are bit-identical for any count.
   */
  readonly threads?: {
    /** Threads asked for. */
    readonly requested: number;
    /** Threads the matrix products run on: `requested`, or 1 where worker threads cannot share memory. */
    readonly running: number;
    /** Why `running` is what it is (the option, or what the engine lacks and the fix). */
    readonly reason: string;
  };
  /** Host⇄device transfers since the session started (0 for the CPU backend). */
  readonly transfers: {
    /** Uploads from the host to the device (inputs, targets, weights). */
    readonly toDevice: number;
    /** Read-backs from the device to the host (losses, predictions, weights on sync). */
    readonly toHost: number;
  };
}

/** What a backend is given to run a model. */
export interface SessionSpec {
  /** The model's top-level layers, built. Their `Param.value` arrays are the host copy of the weights. */
  readonly layers: readonly Layer[];
  /** Per-sample input shape (without the batch dimension). */
  readonly inputShape: readonly number[];
  /** Per-sample output shape (without the batch dimension). */
  readonly outputShape: readonly number[];
  /**
   * The model's seeded generator. A backend forks it (once per layer that asks, when it first asks) for
   * training-time randomness such as Dropout masks, so layers without randomness leave its stream untouched.
   */
  readonly rng?: Rng;
  /** Present when the session will train. */
  readonly training?: {
    /** The loss minimised by `trainStep`. */
    readonly loss: Loss;
    /** Updates the parameters; its state is read with `getState` and written back with `setState`. */
    readonly optimizer: Optimizer;
    /** L2 coefficient: adds `l2·Σw²` over parameters with `decay: true`. */
    readonly l2: number;
    /** L1 coefficient: adds `l1·Σ|w|` over parameters with `decay: true` (gradient `l1·sign(w)`); absent for 0. */
    readonly l1?: number;
    /** Gradient clipping between the backward pass (plus the `l1`, `l2` terms) and the update; absent for none. */
    readonly clipGrad?: ResolvedGradClip;
  };
}

/** A model bound to a backend. */
export interface BackendSession {
  /** The mode that really runs, every fallback, and the transfer counts so far. */
  readonly report: BackendReport;
  /** Forward pass; the result is on the host. */
  predict(x: Tensor): Tensor;
  /**
   * One training step on a batch: forward, loss, backward, optimizer update. Returns the mean loss when
   * `readLoss` is true, otherwise NaN (a GPU backend then skips the read-back).
   */
  trainStep(x: Tensor, y: Tensor, readLoss: boolean): number;
  /**
   * The global gradient norm before clipping of the last training step, when the session clips by norm; NaN
   * before the first step or otherwise. A device backend reads it back only when asked.
   */
  gradNorm?(): number;
  /** Copies device-side weights, gradients and optimizer state back into the host `Param` arrays. */
  sync(): void;
  /** Frees every device resource. The session is unusable afterwards. */
  dispose(): void;

  // Optional asynchronous members, for devices whose work answers with Promises (gpu.js `webgpu`). A session that
  // has them may throw from its synchronous counterparts; `Sequential.fit`, `predictAsync` and `evaluateAsync` use
  // them when `trainStepAsync` (resp. `predictAsync`, `syncAsync`) is present, and keep a promise-free loop when not.

  /** Resolves once the device is set up; awaited before the first step. Sessions ready at once may omit it. */
  whenReady?(): Promise<void>;
  /** {@link BackendSession.trainStep}, resolving with the loss (NaN when `readLoss` is false). */
  trainStepAsync?(x: Tensor, y: Tensor, readLoss: boolean): Promise<number>;
  /** {@link BackendSession.predict}, resolving with the outputs on the host. */
  predictAsync?(x: Tensor): Promise<Tensor>;
  /** {@link BackendSession.sync}, resolving once the host `Param` arrays and optimizer state are current. */
  syncAsync?(): Promise<void>;
}

/** A backend: creates sessions for models. */
export interface Backend {
  /** `cpu`, `gpu`, or a third-party backend's name. */
  readonly name: string;
  /** Binds a built model to this backend. Throws a RectifyError when the backend cannot run it at all. */
  createSession(spec: SessionSpec): BackendSession;
}
