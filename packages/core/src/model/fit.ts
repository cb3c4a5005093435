import type { BackendSession } from '../backend/contract';
import { DivergenceError, ValidationError } from '../errors';
import type { Loss } from '../losses/contract';
import type { Rng } from '../random';
import { Tensor } from '../tensor';
import { checkData } from './check-data';
import type { EpochLog, EvaluateResult, FitOptions, History, StopReason } from './types';
import { yieldToEventLoop } from './yield';

/** Longest stretch of synchronous training between two yields to the event loop. */
const YIELD_EVERY_MS = 50;

/** What {@link runFit} needs from the model. */
export interface FitHost {
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly session: BackendSession;
  readonly shuffleRng: Rng;
  /** Whether the loss has an accuracy metric (worth a pass over the training rows per epoch). */
  readonly hasAccuracy: boolean;
  /** Whether `compile` was given metrics (also worth that pass). */
  readonly hasMetrics?: boolean;
  /** The compiled loss: its `checkTargets` validates `y`. */
  readonly loss: Loss;
  /** The first non-finite host weight as `id[index] = value`, or null when every weight is finite. */
  nonFiniteWeight(): string | null;
  /** Loss (and accuracy) on already validated rows, with current weights. */
  evaluateRows(x: Tensor, y: Tensor): EvaluateResult;
  /** {@link FitHost.evaluateRows} through the session's `predictAsync` (used when the session trains asynchronously). */
  evaluateRowsAsync(x: Tensor, y: Tensor): Promise<EvaluateResult>;
}

/**
 * The divergence message when an update, not the loss read before it, broke the weights (`host.nonFiniteWeight()`
 * gives the first non-finite one), or null when every weight is finite. Shared by `fit(x, y)` and streaming `fit`.
 */
export function weightsDivergedMessage(step: number, host: { nonFiniteWeight(): string | null }): string | null {
  const bad = host.nonFiniteWeight();
  return bad === null
    ? null
    : `diverged at step ${step}: the update made the weights non-finite (${bad}); lower the learning rate`;
}

function positiveInt(name: string, value: unknown, fallback: number | undefined): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ValidationError(`fit: ${name} must be a positive integer, got ${String(value)}`);
  }
  return v;
}

/** Rows `[start, end)` of `t` as a tensor sharing its memory. */
function rowsOf(t: Tensor, start: number, end: number): Tensor {
  const cols = t.data.length / t.shape[0];
  return new Tensor(t.data.subarray(start * cols, end * cols), [end - start, ...t.shape.slice(1)]);
}

interface Split {
  readonly xTrain: Tensor;
  readonly yTrain: Tensor;
  readonly val: readonly [Tensor, Tensor] | null;
}

function split(host: FitHost, x: Tensor, y: Tensor, options: FitOptions): Split {
  const rows = x.shape[0];
  const { validationSplit, validationData } = options;
  if (validationSplit !== undefined && validationData !== undefined) {
    throw new ValidationError('fit: give either validationSplit or validationData, not both');
  }
  if (validationData !== undefined) {
    if (!Array.isArray(validationData) || validationData.length !== 2) {
      throw new ValidationError('fit: validationData must be a pair [x, y] of tensors');
    }
    checkData('fit: validationData', validationData[0], validationData[1], host.inputShape, host.outputShape, host.loss);
    return { xTrain: x, yTrain: y, val: [validationData[0], validationData[1]] };
  }
  if (validationSplit === undefined || validationSplit === 0) return { xTrain: x, yTrain: y, val: null };
  if (typeof validationSplit !== 'number' || !(validationSplit > 0 && validationSplit < 1)) {
    throw new ValidationError(`fit: validationSplit must be a number in [0, 1), got ${String(validationSplit)}`);
  }
  const trainRows = Math.floor(rows * (1 - validationSplit));
  if (trainRows < 1 || trainRows === rows) {
    throw new ValidationError(
      `fit: validationSplit ${validationSplit} of ${rows} rows leaves ${trainRows} for training and ${rows - trainRows} for validation; both need at least one row`,
    );
  }
  return {
    xTrain: rowsOf(x, 0, trainRows),
    yTrain: rowsOf(y, 0, trainRows),
    val: [rowsOf(x, trainRows, rows), rowsOf(y, trainRows, rows)],
  };
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null | undefined)?.then === 'function';
}

/**
 * The training loop behind `Sequential.fit`: shuffled mini-batches gathered into buffers allocated once per call,
 * loss read every `lossEvery` steps, divergence and abort checks between steps, a yield to the event loop per epoch
 * and every ~50 ms. A session with `trainStepAsync` (webgpu) is driven through its async members (`whenReady`
 * first, `syncAsync` and `predictAsync` at epoch ends); any other session through a loop without a promise per step.
 */
export async function runFit(host: FitHost, x: Tensor, y: Tensor, options: FitOptions): Promise<History> {
  if (typeof options !== 'object' || options === null)
    throw new ValidationError('fit: options are required, e.g. { epochs: 10, batchSize: 32 }');
  const epochs = positiveInt('epochs', options.epochs, undefined);
  const lossEvery = positiveInt('lossEvery', options.lossEvery, 1);
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== 'boolean') throw new ValidationError('fit: shuffle must be true or false');
  const { signal, onBatchEnd, onEpochEnd } = options;
  checkData('fit', x, y, host.inputShape, host.outputShape, host.loss);
  const { xTrain, yTrain, val } = split(host, x, y, options);
  const rows = xTrain.shape[0];
  const batchSize = Math.min(positiveInt('batchSize', options.batchSize, 32), rows);
  const batchesPerEpoch = Math.ceil(rows / batchSize);
  const inCols = xTrain.data.length / rows;
  const outCols = yTrain.data.length / rows;

  // Gather buffers and the (at most two) batch tensors over them: allocated once per fit, reused every step.
  const xBuf = new Float32Array(batchSize * inCols);
  const yBuf = new Float32Array(batchSize * outCols);
  const lastRows = rows - (batchesPerEpoch - 1) * batchSize;
  const full: [Tensor, Tensor] = [
    new Tensor(xBuf, [batchSize, ...host.inputShape]),
    new Tensor(yBuf, [batchSize, ...host.outputShape]),
  ];
  const last: [Tensor, Tensor] =
    lastRows === batchSize
      ? full
      : [
          new Tensor(xBuf.subarray(0, lastRows * inCols), [lastRows, ...host.inputShape]),
          new Tensor(yBuf.subarray(0, lastRows * outCols), [lastRows, ...host.outputShape]),
        ];
  const order = new Uint32Array(rows);
  if (!shuffle) for (let i = 0; i < rows; i++) order[i] = i;
  const xs = xTrain.data;
  const ys = yTrain.data;

  const epochLogs: EpochLog[] = [];
  let steps = 0;
  let stopReason: StopReason = 'completed';
  let message: string | undefined;
  let lastYield = performance.now();
  const session = host.session;
  // Bound once: the CPU path then pays one well-predicted branch per step and no promise.
  const stepAsync = session.trainStepAsync?.bind(session);
  if (stepAsync && session.whenReady) await session.whenReady();
  const syncSession = async (): Promise<void> => {
    if (stepAsync && session.syncAsync) await session.syncAsync();
    else session.sync();
  };
  const evaluate = (ex: Tensor, ey: Tensor): EvaluateResult | Promise<EvaluateResult> =>
    stepAsync ? host.evaluateRowsAsync(ex, ey) : host.evaluateRows(ex, ey);

  outer: for (let epoch = 0; epoch < epochs; epoch++) {
    // Checked before the shuffle too: a stop asked for at an epoch's end leaves the shuffle stream where it was.
    if (epoch > 0 && signal?.aborted) {
      stopReason = 'aborted';
      message = 'training was aborted';
      break;
    }
    // Each epoch shuffles the identity, so its order depends on the shuffle stream alone, not on earlier epochs or
    // calls: fit(3 epochs) + fit(2 epochs), also across a save and load, orders rows exactly as fit(5 epochs).
    if (shuffle) {
      for (let i = 0; i < rows; i++) order[i] = i;
      host.shuffleRng.shuffle(order);
    }
    let lossSum = 0;
    let lossCount = 0;
    for (let batch = 0; batch < batchesPerEpoch; batch++) {
      if (signal?.aborted) {
        stopReason = 'aborted';
        message = 'training was aborted';
        break outer;
      }
      const start = batch * batchSize;
      const pair = batch === batchesPerEpoch - 1 ? last : full;
      const xb = pair[0];
      const yb = pair[1];
      const n = xb.shape[0];
      for (let r = 0; r < n; r++) {
        const src = order[start + r];
        const xo = src * inCols;
        const xd = r * inCols;
        for (let j = 0; j < inCols; j++) xBuf[xd + j] = xs[xo + j];
        const yo = src * outCols;
        const yd = r * outCols;
        for (let j = 0; j < outCols; j++) yBuf[yd + j] = ys[yo + j];
      }
      const readLoss = (steps + 1) % lossEvery === 0 || batch === batchesPerEpoch - 1;
      const loss = stepAsync ? await stepAsync(xb, yb, readLoss) : session.trainStep(xb, yb, readLoss);
      steps++;
      if (readLoss) {
        if (!Number.isFinite(loss)) {
          stopReason = 'diverged';
          message = new DivergenceError(steps, loss).message;
          break outer;
        }
        lossSum += loss;
        lossCount++;
      }
      if (onBatchEnd) {
        const r = onBatchEnd({ epoch, batch, step: steps, loss: readLoss ? loss : Number.NaN });
        if (isThenable(r)) await r;
      }
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    await syncSession();
    // The loss is read before each update, so an update (the last one above all) can still break the weights.
    const broken = weightsDivergedMessage(steps, host);
    if (broken !== null) {
      stopReason = 'diverged';
      message = broken;
      break;
    }
    const log: { -readonly [K in keyof EpochLog]: EpochLog[K] } = { epoch, loss: lossSum / lossCount };
    if (host.hasAccuracy || host.hasMetrics) {
      const t = await evaluate(xTrain, yTrain);
      if (host.hasAccuracy) log.accuracy = t.accuracy;
      if (t.metrics) log.metrics = t.metrics;
    }
    if (val) {
      const v = await evaluate(val[0], val[1]);
      log.valLoss = v.loss;
      if (v.accuracy !== undefined) log.valAccuracy = v.accuracy;
      if (v.metrics) log.valMetrics = v.metrics;
    }
    epochLogs.push(log);
    if (onEpochEnd) {
      const r = onEpochEnd(log);
      if (isThenable(r)) await r;
    }
    await yieldToEventLoop();
    lastYield = performance.now();
  }
  await syncSession();
  const brokenAtEnd = stopReason === 'diverged' ? null : weightsDivergedMessage(steps, host);
  if (brokenAtEnd !== null) {
    stopReason = 'diverged';
    message = brokenAtEnd;
  }
  const history: History = { epochs: epochLogs, steps, stopReason };
  return message === undefined ? history : { ...history, message };
}
