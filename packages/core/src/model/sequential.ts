import type { Backend, BackendReport, BackendSession } from '../backend/contract';
import { cpuBackend } from '../backend/cpu/session';
import { startCallbacks } from '../callbacks/run';
import { defaultRegistry } from '../defaults';
import { gradClipOptions, resolveGradClip } from '../clipping/resolve';
import { RectifyError, ValidationError } from '../errors';
import type { Layer } from '../layers/contract';
import { collectParamRefs } from '../layers/walk';
import { lossFromName } from '../losses';
import type { Loss } from '../losses/contract';
import { resolveMetrics } from '../metrics/resolve';
import { startMetrics } from '../metrics/run';
import { optimizerFromConfig } from '../optimizers';
import type { Optimizer, OptimizerConfig, ParamRef } from '../optimizers/contract';
import { withProgress } from '../progress/with-progress';
import type { BatchSource, StreamFitOptions } from '../streaming/contract';
import { type StreamHost, runStreamFit } from '../streaming/fit-stream';
import { type PredictHeadOptions, resolveHead, toClasses, toProbabilities } from '../predictions';
import { Rng, type RngState } from '../random';
import type { Registry } from '../registry';
import { type ModelSummary, summarize } from '../summary';
import { type Targets, resolveTargets } from '../targets';
import { Tensor } from '../tensor';
import type { FromTorchOptions, NamedWeights, SetWeightsOptions, TorchStateDictJSON } from '../weights/contract';
import { readWeights, writeWeights } from '../weights/named';
import { fromTorchStateDict } from '../weights/torch';
import { checkData, checkInput } from './check-data';
import { type FitHost, runFit } from './fit';
import { accuracy } from './metrics';
import type { CompileOptions, EvaluateResult, FitOptions, History, SequentialOptions, TrainingSetup } from './types';
import { DEFAULT_MAX_PARAMETERS, withParameterBudget } from '../layers/param';

/**
 * Rows per backend call in `predict` and `evaluate`: bounds the layers' reusable buffers (and a GPU's textures)
 * however many rows are passed.
 */
const CHUNK_ROWS = 1024;

/** Rows `[start, end)` of `t`, sharing its memory. */
function rowsOf(t: Tensor, start: number, end: number): Tensor {
  const cols = t.data.length / t.shape[0];
  return new Tensor(t.data.subarray(start * cols, end * cols), [end - start, ...t.shape.slice(1)]);
}

function checkShape(shape: unknown): readonly number[] {
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ValidationError(
      `sequential: inputShape must be a non-empty array of positive integers such as [2], got ${JSON.stringify(shape)}`,
    );
  }
  return Object.freeze([...shape]);
}

function isOptimizer(value: Optimizer | OptimizerConfig): value is Optimizer {
  return typeof (value as Optimizer).step === 'function';
}

/**
 * A stack of layers trained as one model. Create it with {@link sequential}: the layers are built (and their
 * weights initialised from `seed`) immediately.
 */
export class Sequential {
  /** The top-level layers, built. */
  readonly layers: readonly Layer[];
  /** Per-sample input shape. */
  readonly inputShape: readonly number[];
  /** Per-sample output shape. */
  readonly outputShape: readonly number[];
  /** The seed the weights and the shuffling derive from. */
  readonly seed: number;
  /** Where activations named by string were looked up; model JSON loading uses it too. */
  readonly registry: Registry;
  /** The shuffling stream, independent of the initialisation stream. */
  private readonly shuffleRng: Rng;
  /** Training-time randomness of layers (Dropout masks): each such layer forks it on its first training step. */
  private readonly layerRng: Rng;
  private setup: TrainingSetup | null = null;
  private trainSession: BackendSession | null = null;
  private inferSession: BackendSession | null = null;
  private refs: readonly ParamRef[] | null = null;
  private fitting = false;

  /**
   * Builds every layer for `options.inputShape`, initialising weights from `options.seed`. Prefer {@link sequential}.
   * @throws ValidationError when options are missing, the seed is not a uint32, or `layers` is empty.
   */
  constructor(options: SequentialOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError('sequential: options are required, e.g. sequential({ inputShape: [2], layers: [dense(1)] })');
    }
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new ValidationError(`sequential: seed must be an integer in [0, 2^32), got ${String(options.seed)}`);
    }
    if (!Array.isArray(options.layers) || options.layers.length === 0) {
      throw new ValidationError('sequential: layers must be a non-empty array, e.g. [dense(16), activation(relu), dense(1)]');
    }
    this.inputShape = checkShape(options.inputShape);
    this.seed = seed;
    this.registry = options.registry ?? defaultRegistry;
    this.layers = Object.freeze([...options.layers]);
    const base = new Rng(seed);
    const initRng = base.fork();
    this.shuffleRng = base.fork();
    this.layerRng = base.fork();
    const maxParameters = options.maxParameters ?? DEFAULT_MAX_PARAMETERS;
    if (!Number.isSafeInteger(maxParameters) || maxParameters < 1) {
      throw new ValidationError(`sequential: maxParameters must be a positive integer, got ${String(options.maxParameters)}`);
    }
    let shape = this.inputShape;
    withParameterBudget(maxParameters, () =>
      this.layers.forEach((layer, i) => {
        if (typeof layer !== 'object' || layer === null || typeof layer.build !== 'function') {
          throw new ValidationError(
            `sequential: layers[${i}] is not a layer; create layers with dense(), activation(), residual()`,
          );
        }
        try {
          shape = layer.build(shape, { rng: initRng, registry: this.registry });
        } catch (e) {
          if (e instanceof RectifyError) e.message = `layers.${i} (${layer.type}): ${e.message}`;
          throw e;
        }
      }),
    );
    this.outputShape = Object.freeze([...shape]);
  }

  /** Every parameter with its id (`layers.0.kernel`, `layers.3.body.1.slope`), in a stable order. */
  paramRefs(): readonly ParamRef[] {
    this.refs ??= Object.freeze(collectParamRefs(this.layers));
    return this.refs;
  }

  /**
   * Where the shuffling stream stands: `fit` draws each epoch's order from it. Model JSON saves it (as
   * `training.shuffleState`) so that training resumes after `loadModel` exactly as if it had never stopped.
   */
  getShuffleState(): RngState {
    return this.shuffleRng.getState();
  }

  /**
   * Restores a state from {@link Sequential.getShuffleState}; the next `fit` shuffles as the saved model's would have.
   * @throws ValidationError when the state is malformed (see {@link Rng.setState}).
   */
  setShuffleState(state: RngState): void {
    this.shuffleRng.setState(state);
  }

  /** What `compile` set up, or null before it. */
  get training(): TrainingSetup | null {
    return this.setup;
  }

  /** Binds a loss, an optimizer and a backend. Compiling again replaces them (and the backend session). */
  compile(options: CompileOptions): this {
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError("compile: options are required, e.g. { loss: 'mse', optimizer: adam() }");
    }
    const loss: Loss = typeof options.loss === 'string' ? lossFromName(options.loss) : options.loss;
    if (typeof loss !== 'object' || loss === null || typeof loss.compute !== 'function') {
      throw new ValidationError(
        "compile: loss must be a loss name ('mse', 'bce-with-logits', 'softmax-cross-entropy') or a Loss object",
      );
    }
    if (options.optimizer === undefined || options.optimizer === null) {
      throw new ValidationError('compile: optimizer is required, e.g. adam({ learningRate: 0.01 })');
    }
    const optimizer = isOptimizer(options.optimizer) ? options.optimizer : optimizerFromConfig(options.optimizer);
    const l2 = options.l2 ?? 0;
    if (typeof l2 !== 'number' || !Number.isFinite(l2) || l2 < 0)
      throw new ValidationError(`compile: l2 must be a finite number >= 0, got ${String(l2)}`);
    const l1 = options.l1 ?? 0;
    if (typeof l1 !== 'number' || !Number.isFinite(l1) || l1 < 0)
      throw new ValidationError(`compile: l1 must be a finite number >= 0, got ${String(l1)}`);
    const clipGrad = options.clipGrad === undefined ? null : resolveGradClip(options.clipGrad);
    const metrics = resolveMetrics(options.metrics);
    const backend: Backend = options.backend ?? cpuBackend();
    const session = backend.createSession({
      layers: this.layers,
      inputShape: this.inputShape,
      outputShape: this.outputShape,
      rng: this.layerRng,
      training: { loss, optimizer, l2, ...(l1 > 0 ? { l1 } : {}), ...(clipGrad ? { clipGrad } : {}) },
    });
    this.disposeSessions();
    this.setup = Object.freeze({ loss, optimizer, l2, l1, clipGrad, backend, metrics });
    this.trainSession = session;
    return this;
  }

  private session(): BackendSession {
    if (this.trainSession) return this.trainSession;
    this.inferSession ??= cpuBackend().createSession({
      layers: this.layers,
      inputShape: this.inputShape,
      outputShape: this.outputShape,
      rng: this.layerRng,
    });
    return this.inferSession;
  }

  private compiled(op: string): { session: BackendSession; setup: TrainingSetup } {
    if (!this.trainSession || !this.setup) {
      throw new ValidationError(
        `${op}: the model is not compiled; call model.compile({ loss, optimizer }) first`,
        'NOT_COMPILED',
      );
    }
    return { session: this.trainSession, setup: this.setup };
  }

  /** What the backend really runs on and every fallback it took; null before `compile`. */
  get backendReport(): BackendReport | null {
    return this.trainSession?.report ?? null;
  }

  /**
   * The model's outputs for `x` (`[batch, ...inputShape]`), as a new tensor. Works before `compile` (on the CPU).
   * Large inputs run in chunks of 1024 rows.
   */
  predict(x: Tensor): Tensor {
    checkInput('predict', x, this.inputShape);
    const session = this.session();
    const rows = x.shape[0];
    if (rows <= CHUNK_ROWS) return session.predict(x).clone();
    const outCols = this.outputShape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(rows * outCols);
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      out.set(session.predict(rowsOf(x, start, Math.min(rows, start + CHUNK_ROWS))).data, start * outCols);
    }
    return new Tensor(out, [rows, ...this.outputShape]);
  }

  /**
   * {@link Sequential.predict} through the session's `predictAsync` when it has one: the form to use on a backend
   * whose synchronous calls throw (gpu `webgpu`). Same result as `predict` elsewhere.
   */
  async predictAsync(x: Tensor): Promise<Tensor> {
    checkInput('predict', x, this.inputShape);
    const session = this.session();
    if (!session.predictAsync) return this.predict(x);
    await session.whenReady?.();
    const rows = x.shape[0];
    if (rows <= CHUNK_ROWS) return (await session.predictAsync(x)).clone();
    const outCols = this.outputShape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(rows * outCols);
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      out.set((await session.predictAsync(rowsOf(x, start, Math.min(rows, start + CHUNK_ROWS)))).data, start * outCols);
    }
    return new Tensor(out, [rows, ...this.outputShape]);
  }

  /**
   * Probabilities for `x`: softmax over each row for a `softmax-cross-entropy` model, sigmoid per output for a
   * `bce-with-logits` one (or the `head` asked for), from the logits that {@link Sequential.predict} returns.
   */
  predictProbabilities(x: Tensor, options: PredictHeadOptions = {}): Tensor {
    const head = resolveHead('predictProbabilities', options.head, this.setup?.loss.name);
    return toProbabilities(this.predict(x), head);
  }

  /** The predicted class of each row of `x`: argmax for softmax, `probability > 0.5` for a single sigmoid output. */
  predictClasses(x: Tensor, options: PredictHeadOptions = {}): Int32Array {
    const head = resolveHead('predictClasses', options.head, this.setup?.loss.name);
    return toClasses(this.predict(x), head);
  }

  /**
   * Keras-style summary: per layer its path, type, output shape and parameter count, then total, trainable and
   * non-trainable counts. Prints the table in Node unless `print` is false; always returns it.
   */
  summary(options: { readonly print?: boolean } = {}): ModelSummary {
    const result = summarize(this.inputShape, this.layers);
    if (options.print !== false && typeof process !== 'undefined' && process.versions?.node) console.log(result.text);
    return result;
  }

  /** `l1·Σ|w| + l2·Σw²` over the host weights with `decay: true` (0 when neither is set). */
  private penalty(setup: TrainingSetup): number {
    const { l1, l2 } = setup;
    if (l1 === 0 && l2 === 0) return 0;
    let abs = 0;
    let sq = 0;
    for (const { param } of this.paramRefs()) {
      if (!param.decay) continue;
      const w = param.value;
      for (let i = 0; i < w.length; i++) {
        abs += Math.abs(w[i]);
        sq += w[i] * w[i];
      }
    }
    return l1 * abs + l2 * sq;
  }

  /** Scores rows in chunks of {@link CHUNK_ROWS}; `predict` is the session's, sync or async (then awaited). */
  private scoreRows(x: Tensor, y: Tensor, predict: (x: Tensor) => Tensor): EvaluateResult;
  private scoreRows(x: Tensor, y: Tensor, predict: (x: Tensor) => Promise<Tensor>): Promise<EvaluateResult>;
  private scoreRows(
    x: Tensor,
    y: Tensor,
    predict: (x: Tensor) => Tensor | Promise<Tensor>,
  ): EvaluateResult | Promise<EvaluateResult> {
    const { setup } = this.compiled('evaluate');
    const rows = x.shape[0];
    let lossSum = 0;
    let right = 0;
    let hasAccuracy = false;
    const metricRun = startMetrics(setup.metrics, setup.loss.name, y.data.length / rows);
    const add = (pred: Float32Array, start: number, end: number, whole: boolean) => {
      const n = end - start;
      const target = whole ? y.data : rowsOf(y, start, end).data;
      const cols = pred.length / n;
      metricRun.update(pred, target, n, cols);
      // Every built-in loss is a mean over rows of per-row terms, so chunk means weighted by rows give the total.
      lossSum += setup.loss.compute(pred, target, null, n, cols) * n;
      const acc = accuracy(setup.loss.name, pred, target, n, cols);
      if (acc !== undefined) {
        hasAccuracy = true;
        right += Math.round(acc * n);
      }
    };
    const result = (): EvaluateResult => {
      const loss = lossSum / rows + this.penalty(setup);
      const base: EvaluateResult = hasAccuracy ? { loss, accuracy: right / rows } : { loss };
      const metrics = metricRun.results();
      return metrics ? { ...base, metrics } : base;
    };
    const chunk = (start: number) => {
      const end = Math.min(rows, start + CHUNK_ROWS);
      const whole = end - start === rows;
      return { end, whole, out: predict(whole ? x : rowsOf(x, start, end)) };
    };
    const first = chunk(0);
    if (!(first.out instanceof Promise)) {
      add(first.out.data, 0, first.end, first.whole);
      for (let start = CHUNK_ROWS; start < rows; start += CHUNK_ROWS) {
        const c = chunk(start);
        add((c.out as Tensor).data, start, c.end, c.whole);
      }
      return result();
    }
    return (async () => {
      add((await first.out).data, 0, first.end, first.whole);
      for (let start = CHUNK_ROWS; start < rows; start += CHUNK_ROWS) {
        const c = chunk(start);
        add((await c.out).data, start, c.end, c.whole);
      }
      return result();
    })();
  }

  private evaluateRows(x: Tensor, y: Tensor): EvaluateResult {
    const { session } = this.compiled('evaluate');
    return this.scoreRows(x, y, (t: Tensor) => session.predict(t));
  }

  private evaluateRowsAsync(x: Tensor, y: Tensor): Promise<EvaluateResult> {
    const { session } = this.compiled('evaluate');
    if (!session.predictAsync) return Promise.resolve(this.evaluateRows(x, y));
    return this.scoreRows(x, y, (t: Tensor) => (session.predictAsync as (x: Tensor) => Promise<Tensor>).call(session, t));
  }

  /**
   * Loss (and accuracy, for classification losses, and the compiled metrics) on `x`, `y`, with the current weights.
   * `y` may be class indices for a `softmax-cross-entropy` model. Requires `compile`.
   */
  evaluate(x: Tensor, targets: Targets): EvaluateResult {
    const { session, setup } = this.compiled('evaluate');
    const y = resolveTargets('evaluate', targets, this.outputShape, setup.loss.name);
    checkData('evaluate', x, y, this.inputShape, this.outputShape, setup.loss);
    if (setup.l1 > 0 || setup.l2 > 0) session.sync(); // the penalty is computed from the host weights
    return this.evaluateRows(x, y);
  }

  /**
   * {@link Sequential.evaluate} through the session's async members when it has them: the form to use on a
   * backend whose synchronous calls throw (gpu `webgpu`). Same result as `evaluate` elsewhere.
   */
  async evaluateAsync(x: Tensor, targets: Targets): Promise<EvaluateResult> {
    const { session, setup } = this.compiled('evaluate');
    const y = resolveTargets('evaluate', targets, this.outputShape, setup.loss.name);
    checkData('evaluate', x, y, this.inputShape, this.outputShape, setup.loss);
    if (setup.l1 > 0 || setup.l2 > 0) await this.syncAsync();
    else await session.whenReady?.();
    return this.evaluateRowsAsync(x, y);
  }

  /** One training step on the whole of `x`, `y`; returns its loss (NaN or Infinity when training diverged). */
  trainBatch(x: Tensor, targets: Targets): number {
    const { session, setup } = this.compiled('trainBatch');
    const y = resolveTargets('trainBatch', targets, this.outputShape, setup.loss.name);
    checkData('trainBatch', x, y, this.inputShape, this.outputShape, setup.loss);
    return session.trainStep(x, y, true);
  }

  /**
   * {@link Sequential.trainBatch} through the session's `trainStepAsync` when it has one: the form to use on a
   * backend whose synchronous calls throw (gpu `webgpu`). Same result as `trainBatch` elsewhere.
   */
  async trainBatchAsync(x: Tensor, y: Tensor): Promise<number> {
    const { session } = this.compiled('trainBatch');
    checkData('trainBatch', x, y, this.inputShape, this.outputShape);
    if (!session.trainStepAsync) return session.trainStep(x, y, true);
    await session.whenReady?.();
    return session.trainStepAsync(x, y, true);
  }

  /**
   * The global gradient norm before clipping of the last training step, when compiled with
   * `clipGrad: { maxNorm }`; NaN before the first step, without norm clipping, or on a backend that does not
   * report it. Callbacks read it as `ctx.model.gradNorm()` (a gpu session reads one number back when asked).
   */
  gradNorm(): number {
    return this.trainSession?.gradNorm?.() ?? Number.NaN;
  }

  /**
   * Trains for `epochs` passes over `x`, `y`. Resolves with the history, also when stopped early by `signal`
   * (`stopReason: 'aborted'`) or by a non-finite loss (`'diverged'`, with a message). Host weights are current when
   * it resolves and in `onEpochEnd`.
   */
  async fit(x: Tensor, targets: Targets, options: FitOptions): Promise<History>;
  /**
   * Streaming form: trains on `{ x, y }` batches from an (async) iterable, or a function returning a fresh one per
   * epoch, optionally through a shuffle buffer, with a validation stream (see {@link StreamFitOptions}).
   */
  async fit(source: BatchSource, options: StreamFitOptions): Promise<History>;
  async fit(x: Tensor | BatchSource, targets: Targets | StreamFitOptions, options?: FitOptions): Promise<History> {
    if (this.fitting) {
      throw new ValidationError(
        'fit: this model is already training (an earlier fit() has not resolved); await it before calling fit again',
        'FIT_IN_PROGRESS',
      );
    }
    this.fitting = true;
    try {
      if (!(x instanceof Tensor)) return await this.fitStream(x, targets as StreamFitOptions);
      return await this.fitTensors(x, targets as Targets, options as FitOptions);
    } finally {
      this.fitting = false;
    }
  }

  private async fitStream(source: BatchSource, options: StreamFitOptions): Promise<History> {
    const { session, setup } = this.compiled('fit');
    const host: StreamHost = {
      shapes: { inputShape: this.inputShape, outputShape: this.outputShape, lossName: setup.loss.name, loss: setup.loss },
      session,
      shuffleRng: this.shuffleRng,
      loss: setup.loss,
      metrics: setup.metrics,
      penalty: () => this.penalty(setup),
      nonFiniteWeight: () => this.nonFiniteWeight(),
    };
    const run = startCallbacks(this, withProgress(options, undefined));
    await run.begin();
    return run.end(await runStreamFit(host, source, run.options));
  }

  private async fitTensors(x: Tensor, targets: Targets, options: FitOptions): Promise<History> {
    const { session, setup } = this.compiled('fit');
    const lossName = setup.loss.name;
    const y = resolveTargets('fit', targets, this.outputShape, lossName);
    const host: FitHost = {
      inputShape: this.inputShape,
      outputShape: this.outputShape,
      session,
      shuffleRng: this.shuffleRng,
      hasAccuracy: lossName !== 'mse' && (this.outputShape.reduce((a, b) => a * b, 1) > 1 || lossName === 'bce-with-logits'),
      hasMetrics: setup.metrics.length > 0,
      loss: setup.loss,
      nonFiniteWeight: () => this.nonFiniteWeight(),
      evaluateRows: (xs, ys) => this.evaluateRows(xs, ys),
      evaluateRowsAsync: (xs, ys) => this.evaluateRowsAsync(xs, ys),
    };
    const run = startCallbacks(this, withProgress(options, x?.shape?.[0] ?? 0));
    await run.begin();
    return run.end(await runFit(host, x, y, run.options));
  }

  /** The first non-finite host weight as `id[index] = value`, or null (what `fit` checks after updates). */
  private nonFiniteWeight(): string | null {
    for (const { id, param } of this.paramRefs()) {
      const w = param.value;
      for (let i = 0; i < w.length; i++) if (w[i] - w[i] !== 0) return `${id}[${i}] = ${w[i]}`;
    }
    return null;
  }

  /**
   * A copy of every weight by parameter path (`layers.0.kernel` → `[in, out]` tensor), synced from the device first.
   * Uses the synchronous `sync`, so not on a gpu `webgpu` session (whose synchronous calls throw).
   */
  getWeights(): NamedWeights {
    this.sync();
    return readWeights(this.paramRefs());
  }

  /**
   * Sets weights by parameter path, as {@link Sequential.getWeights} returns them: everything is checked (paths,
   * shapes, finite values, and with `strict` that every parameter is given) before anything is written. A compiled
   * model on a device backend gets a fresh session holding the new weights (optimizer state is kept).
   */
  setWeights(weights: NamedWeights, options?: SetWeightsOptions): void {
    this.sync();
    writeWeights(this.paramRefs(), weights, options);
    this.afterHostWeightsChanged();
  }

  /**
   * Loads a PyTorch `state_dict` exported as JSON (`{k: v.tolist()}`): `names` maps PyTorch names to parameter
   * paths and `layout` says whether 2-D weights are PyTorch's `[out, in]` (`'out-in'`, transposed on load) or already
   * `[in, out]`. Loads only the names given, all checked before any is written.
   */
  loadTorchStateDict(stateDict: TorchStateDictJSON, options: FromTorchOptions): void {
    this.setWeights(fromTorchStateDict(this.paramRefs(), stateDict, options), { strict: false });
  }

  /** A device session holds its own copy of the weights: rebuild it from the host ones (the CPU reads them in place). */
  private afterHostWeightsChanged(): void {
    const setup = this.setup;
    if (!setup || !this.trainSession || setup.backend.name === 'cpu') return;
    this.compile({
      loss: setup.loss,
      optimizer: setup.optimizer,
      l2: setup.l2,
      l1: setup.l1,
      ...(setup.clipGrad ? { clipGrad: gradClipOptions(setup.clipGrad) } : {}),
      backend: setup.backend,
      metrics: setup.metrics,
    });
  }

  /** Copies device-side weights back into the host `Param` arrays (a no-op on the CPU backend). */
  sync(): void {
    this.trainSession?.sync();
  }

  /** {@link Sequential.sync} through the session's `syncAsync` when it has one (gpu `webgpu`). */
  async syncAsync(): Promise<void> {
    const session = this.trainSession;
    if (!session) return;
    if (session.syncAsync) {
      await session.whenReady?.();
      await session.syncAsync();
    } else {
      session.sync();
    }
  }

  private disposeSessions(): void {
    this.trainSession?.dispose();
    this.inferSession?.dispose();
    this.trainSession = null;
    this.inferSession = null;
  }

  /** Frees backend resources (GPU textures). The weights stay on the host; `compile` again to keep training. */
  dispose(): void {
    this.trainSession?.sync();
    this.disposeSessions();
    this.setup = null;
  }

  /** {@link Sequential.dispose} with an async final sync: the form to use on gpu `webgpu`. */
  async disposeAsync(): Promise<void> {
    await this.syncAsync();
    this.disposeSessions();
    this.setup = null;
  }
}

/**
 * Builds a model: layers are built in order and their weights initialised from `seed`.
 * @example
 * const model = sequential({ inputShape: [2], seed: 42, layers: [dense(16), activation(relu), dense(1)] });
 */
export function sequential(options: SequentialOptions): Sequential {
  return new Sequential(options);
}
