import { type Backend, type BackendReport, type EvaluateResult, type Registry, Rng, Tensor } from '@rectify/core';
import { withFeatures } from '../data/features';
import type { Dataset, Split } from '../data/types';
import type { PlaygroundState } from '../state/types';
import { type BuiltModel, buildModel } from './build-model';
import { classMeans, classOfRows } from './class-means';
import { gridInputs } from './grid';
import { type LayerStats, layerStats } from './layer-stats';
import { type HiddenTrace, traceHidden } from './trace';

/** Loss and accuracy on both splits at one step. */
export interface Metrics {
  readonly step: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly trainAccuracy?: number;
  readonly testAccuracy?: number;
  /** Recall on the test rows of the rarer training class (two-class sets only). */
  readonly minorityRecall?: number;
}

/** Rows used to probe the layers for dead units, sparsity and histograms. */
export const PROBE_ROWS = 256;

/** The first `rows` samples of a split as a `[rows, ...sample]` tensor: `[rows, dim]`, or NCHW images for a CNN. */
function tensorOf(s: Split, sample: readonly number[], rows = s.n): Tensor {
  const dim = sample.reduce((a, b) => a * b, 1);
  return new Tensor(s.x.subarray(0, rows * dim), [rows, ...sample]);
}

/**
 * Trains one model on one data set, a batch at a time, and reads out what the page and the headless runner show.
 * Shared by the Web Worker and `pnpm experiment`, so both run exactly the same code.
 */
export class Trainer {
  readonly built: BuiltModel;
  /** The data as generated (points of the plane, digits): what the views draw. */
  readonly data: Dataset;
  /** The data as the model reads it: with the state's input features, if any (see `withFeatures`). */
  private readonly inputs: Dataset;
  readonly state: PlaygroundState;
  /** Training steps (batches) done. */
  steps = 0;
  /** Set when the loss became NaN or infinite; training stops. */
  diverged: string | null = null;
  /** Loss of the last training batch. */
  lastBatchLoss = Number.NaN;
  private readonly order: Uint32Array;
  private cursor = 0;
  private readonly rng: Rng;
  private readonly xb: Tensor;
  private readonly yb: Tensor;
  private readonly trainX: Tensor;
  private readonly trainY: Tensor;
  private readonly testX: Tensor;
  private readonly testY: Tensor;
  private readonly probe: Tensor;
  private readonly minority: number;

  /** Builds the state's network, or trains `prebuilt` (an imported model) instead. */
  constructor(state: PlaygroundState, data: Dataset, registry: Registry, backend?: Backend, prebuilt?: BuiltModel) {
    this.state = state;
    this.data = data;
    this.inputs = withFeatures(data, state.dataset.features);
    this.built = prebuilt ?? buildModel(state, data, registry, backend);
    this.rng = new Rng(state.training.seed ^ 0x5bd1e995);
    this.order = new Uint32Array(data.train.n);
    for (let i = 0; i < data.train.n; i++) this.order[i] = i;
    this.rng.shuffle(this.order);
    const bs = Math.min(state.training.batchSize, data.train.n);
    const { inputDim, train, test } = this.inputs;
    const sample = this.built.model.inputShape;
    this.xb = new Tensor(new Float32Array(bs * inputDim), [bs, ...sample]);
    this.yb = new Tensor(new Float32Array(bs * data.outputDim), [bs, data.outputDim]);
    this.trainX = tensorOf(train, sample);
    this.trainY = new Tensor(data.train.y, [data.train.n, data.outputDim]);
    this.testX = tensorOf(test, sample);
    this.testY = new Tensor(data.test.y, [data.test.n, data.outputDim]);
    this.probe = tensorOf(train, sample, Math.min(PROBE_ROWS, data.train.n));
    let positives = 0;
    if (data.task === 'binary') for (let i = 0; i < data.train.n; i++) positives += data.train.y[i];
    this.minority = positives * 2 <= data.train.n ? 1 : 0;
  }

  /** What the backend really runs on. */
  get backendReport(): BackendReport | null {
    return this.built.model.backendReport;
  }

  private fillBatch(): void {
    const { inputDim: di, outputDim: dout, train } = this.inputs;
    const bs = this.xb.shape[0];
    for (let b = 0; b < bs; b++) {
      if (this.cursor === this.order.length) {
        this.cursor = 0;
        this.rng.shuffle(this.order);
      }
      const r = this.order[this.cursor++];
      this.xb.data.set(train.x.subarray(r * di, (r + 1) * di), b * di);
      this.yb.data.set(train.y.subarray(r * dout, (r + 1) * dout), b * dout);
    }
  }

  /** Runs up to `n` training steps; stops early (and sets `diverged`) if the loss stops being finite. */
  step(n = 1): void {
    for (let i = 0; i < n && !this.diverged; i++) {
      this.fillBatch();
      this.record(this.built.model.trainBatch(this.xb, this.yb));
    }
  }

  /**
   * {@link Trainer.step} through the session's async members when it has them: the form the worker uses, so the
   * gpu `webgpu` mode (whose synchronous calls throw) trains too. Same steps and losses as `step` elsewhere.
   */
  async stepAsync(n = 1): Promise<void> {
    for (let i = 0; i < n && !this.diverged; i++) {
      this.fillBatch();
      this.record(await this.built.model.trainBatchAsync(this.xb, this.yb));
    }
  }

  private record(loss: number): void {
    this.steps++;
    this.lastBatchLoss = loss;
    if (!Number.isFinite(loss)) {
      this.diverged = `diverged at step ${this.steps}: the loss became ${loss}; lower the learning rate`;
    }
  }

  /** Recall on the minority class from the model's test-set outputs. */
  private recall(pred: Float32Array): number | undefined {
    let hit = 0;
    let total = 0;
    for (let i = 0; i < this.data.test.n; i++) {
      if (this.data.test.y[i] !== this.minority) continue;
      total++;
      if (pred[i] > 0 === (this.minority === 1)) hit++;
    }
    return total === 0 ? undefined : hit / total;
  }

  private metrics(tr: EvaluateResult, te: EvaluateResult, testPred: Float32Array | null): Metrics {
    const recall = testPred ? this.recall(testPred) : undefined;
    return {
      step: this.steps,
      trainLoss: tr.loss,
      testLoss: te.loss,
      ...(tr.accuracy === undefined ? {} : { trainAccuracy: tr.accuracy }),
      ...(te.accuracy === undefined ? {} : { testAccuracy: te.accuracy }),
      ...(recall === undefined ? {} : { minorityRecall: recall }),
    };
  }

  /** Loss and accuracy on the train and test splits now. */
  evaluate(): Metrics {
    const model = this.built.model;
    const pred = this.data.task === 'binary' ? model.predict(this.testX).data : null;
    return this.metrics(model.evaluate(this.trainX, this.trainY), model.evaluate(this.testX, this.testY), pred);
  }

  /** {@link Trainer.evaluate} through the session's async members (gpu `webgpu`); the same numbers elsewhere. */
  async evaluateAsync(): Promise<Metrics> {
    const model = this.built.model;
    const pred = this.data.task === 'binary' ? (await model.predictAsync(this.testX)).data : null;
    const tr = await model.evaluateAsync(this.trainX, this.trainY);
    const te = await model.evaluateAsync(this.testX, this.testY);
    return this.metrics(tr, te, pred);
  }

  /** Copies device weights to the host through the session's async members, for the host-side views. */
  syncAsync(): Promise<void> {
    return this.built.model.syncAsync();
  }

  /** Dead units, sparsity, histograms, gradient norms and learnables of each hidden layer, on the probe rows. */
  stats(): LayerStats[] {
    this.built.model.sync();
    return this.hostStats();
  }

  /** {@link Trainer.stats} from the host weights as they are: call `syncAsync` first on a GPU backend. */
  hostStats(): LayerStats[] {
    return layerStats(traceHidden(this.built, this.probe));
  }

  /** The probe rows themselves, as the model reads them (for the CNN views' feature maps and channel stats). */
  get probeBatch(): Tensor {
    return this.probe;
  }

  /** Rows probed for statistics and per-class means. */
  get probeRows(): number {
    return this.probe.shape[0];
  }

  /**
   * Per hidden layer, the mean activation of its first `drawn` units per class on the probe rows (multiclass data
   * only): `drawn × outputDim` row-major, see {@link classMeans}. Host weights: call `model.sync()` first on a GPU
   * backend.
   */
  probeClassMeans(drawn: number): Float32Array[] {
    const { outputDim, train } = this.data;
    const rows = this.probe.shape[0];
    const labels = classOfRows(train.y, rows, outputDim);
    return traceHidden(this.built, this.probe).map((t) =>
      classMeans(t.post, t.rows, t.units, labels, outputDim, Math.min(drawn, t.units)),
    );
  }

  /** A `res × res` grid of the plane as the model reads it (with the input features). */
  private grid(res: number): Tensor {
    return gridInputs(res, this.state.dataset.features);
  }

  /** The model output on a `res × res` grid of the plane (2-D data sets only); probabilities for two classes. */
  outputGrid(res: number): Float32Array {
    return this.probabilities(this.built.model.predict(this.grid(res)).data);
  }

  /** {@link Trainer.outputGrid} through the session's async members (gpu `webgpu`). */
  async outputGridAsync(res: number): Promise<Float32Array> {
    return this.probabilities((await this.built.model.predictAsync(this.grid(res))).data);
  }

  private probabilities(out: Float32Array): Float32Array {
    if (this.built.loss === 'bce-with-logits') for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-out[i]));
    return out;
  }

  /** Every hidden unit's activation on a `res × res` grid (2-D data sets only), for the neuron thumbnails. */
  neuronGrid(res: number): HiddenTrace[] {
    this.built.model.sync();
    return this.hostNeuronGrid(res);
  }

  /** {@link Trainer.neuronGrid} from the host weights as they are: call `syncAsync` first on a GPU backend. */
  hostNeuronGrid(res: number): HiddenTrace[] {
    return traceHidden(this.built, this.grid(res));
  }
}
