import type { BackendSession } from '../backend/contract';
import { DivergenceError, ValidationError } from '../errors';
import type { Loss } from '../losses/contract';
import type { Metric } from '../metrics/contract';
import { startMetrics } from '../metrics/run';
import { accuracy } from '../model/metrics';
import type { EpochLog, EvaluateResult, History, StopReason } from '../model/types';
import { yieldToEventLoop } from '../model/yield';
import type { Rng } from '../random';
import type { Tensor } from '../tensor';
import { type StreamShapes, batchRows, checkedBatches, rowsOf } from './batches';
import type { BatchSource, StreamFitOptions } from './contract';
import { shuffleRows } from './shuffle-buffer';
import { isThenable } from '../utils/is-thenable';
import { weightsDivergedMessage } from '../model/fit';

/** What streaming `fit` needs from the model. */
export interface StreamHost {
  readonly shapes: StreamShapes;
  readonly session: BackendSession;
  readonly shuffleRng: Rng;
  readonly loss: Loss;
  readonly metrics: readonly Metric[];
  /** The L1 and L2 penalties of the current host weights (0 without `l1`, `l2`). */
  penalty(): number;
  /** The first non-finite host weight as `id[index] = value`, or null when every weight is finite. */
  nonFiniteWeight(): string | null;
}

const YIELD_EVERY_MS = 50;

function nonNegativeInt(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ValidationError(`fit: ${name} must be an integer ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** One epoch's training batches: as they arrive, or through the shuffle buffer and re-batched. */
function epochBatches(host: StreamHost, source: BatchSource, buffer: number, batchSize: number | undefined) {
  const batches = checkedBatches('fit', source, host.shapes);
  if (buffer === 0 && batchSize === undefined) return batches;
  const rows = rowsOf(batches);
  return batchRows(buffer > 0 ? shuffleRows(rows, buffer, host.shuffleRng) : rows, batchSize ?? 32, host.shapes);
}

async function score(host: StreamHost, source: BatchSource, stepAsync: boolean): Promise<EvaluateResult> {
  const { session, loss } = host;
  let rows = 0;
  let lossSum = 0;
  let right = 0;
  let hasAccuracy = false;
  const run = startMetrics(
    host.metrics,
    loss.name,
    host.shapes.outputShape.reduce((a, b) => a * b, 1),
  );
  for await (const [x, y] of checkedBatches('fit: validationData', source, host.shapes)) {
    const out = stepAsync && session.predictAsync ? await session.predictAsync(x) : session.predict(x);
    const n = x.shape[0];
    const cols = out.data.length / n;
    lossSum += loss.compute(out.data, y.data, null, n, cols) * n;
    const acc = accuracy(loss.name, out.data, y.data, n, cols);
    if (acc !== undefined) {
      hasAccuracy = true;
      right += Math.round(acc * n);
    }
    run.update(out.data, y.data, n, cols);
    rows += n;
  }
  if (rows === 0)
    throw new ValidationError('fit: validationData yielded no batches; pass a function returning a fresh iterable per epoch');
  const base: EvaluateResult = { loss: lossSum / rows + host.penalty(), ...(hasAccuracy ? { accuracy: right / rows } : {}) };
  const metrics = run.results();
  return metrics ? { ...base, metrics } : base;
}

/**
 * Streaming `fit`: trains on batches pulled from an async iterable, epoch by epoch, optionally through a shuffle
 * buffer, with the same abort, divergence, callback and yielding rules as `fit(x, y)`. The epoch log's `loss` is the
 * mean of the batch losses; validation (when given) is scored on the whole validation stream after each epoch.
 * Training-set accuracy and metrics are not computed (that would take a second pass over the stream).
 */
export async function runStreamFit(host: StreamHost, source: BatchSource, options: StreamFitOptions): Promise<History> {
  if (typeof options !== 'object' || options === null)
    throw new ValidationError('fit: options are required, e.g. { epochs: 10 }');
  const epochs = options.epochs;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new ValidationError(`fit: epochs must be a positive integer, got ${String(epochs)}`);
  const buffer = nonNegativeInt('shuffleBuffer', options.shuffleBuffer ?? 0);
  const batchSize = options.batchSize;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new ValidationError(`fit: batchSize must be a positive integer, got ${String(batchSize)}`);
  }
  const { signal, onBatchEnd, onEpochEnd, validationData } = options;
  const session = host.session;
  const stepAsync = session.trainStepAsync?.bind(session);
  if (stepAsync && session.whenReady) await session.whenReady();
  const sync = async () => (stepAsync && session.syncAsync ? session.syncAsync() : session.sync());
  const logs: EpochLog[] = [];
  let steps = 0;
  let stopReason: StopReason = 'completed';
  let message: string | undefined;
  let lastYield = performance.now();
  outer: for (let epoch = 0; epoch < epochs; epoch++) {
    if (signal?.aborted) {
      stopReason = 'aborted';
      message = 'training was aborted';
      break;
    }
    let lossSum = 0;
    let batch = 0;
    for await (const [x, y] of epochBatches(host, source, buffer, batchSize) as AsyncIterable<[Tensor, Tensor]>) {
      if (signal?.aborted) {
        stopReason = 'aborted';
        message = 'training was aborted';
        break outer;
      }
      const loss = stepAsync ? await stepAsync(x, y, true) : session.trainStep(x, y, true);
      steps++;
      if (!Number.isFinite(loss)) {
        stopReason = 'diverged';
        message = new DivergenceError(steps, loss).message;
        break outer;
      }
      lossSum += loss;
      if (onBatchEnd) {
        const r = onBatchEnd({ epoch, batch, step: steps, loss });
        if (isThenable(r)) await r;
      }
      batch++;
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    if (batch === 0) {
      throw new ValidationError(
        `fit: the data yielded no batches in epoch ${epoch}; a generator runs once, so pass a function returning a fresh iterable per epoch`,
      );
    }
    await sync();
    // The loss is read before each update, so an update (the last one above all) can still break the weights.
    const broken = weightsDivergedMessage(steps, host);
    if (broken !== null) {
      stopReason = 'diverged';
      message = broken;
      break;
    }
    const log: { -readonly [K in keyof EpochLog]: EpochLog[K] } = { epoch, loss: lossSum / batch };
    if (validationData !== undefined) {
      const v = await score(host, validationData, stepAsync !== undefined);
      log.valLoss = v.loss;
      if (v.accuracy !== undefined) log.valAccuracy = v.accuracy;
      if (v.metrics) log.valMetrics = v.metrics;
    }
    logs.push(log);
    if (onEpochEnd) {
      const r = onEpochEnd(log);
      if (isThenable(r)) await r;
    }
    await yieldToEventLoop();
    lastYield = performance.now();
  }
  await sync();
  const brokenAtEnd = stopReason === 'diverged' ? null : weightsDivergedMessage(steps, host);
  if (brokenAtEnd !== null) {
    stopReason = 'diverged';
    message = brokenAtEnd;
  }
  const history: History = { epochs: logs, steps, stopReason };
  return message === undefined ? history : { ...history, message };
}
