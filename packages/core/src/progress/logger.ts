import { ValidationError } from '../errors';
import type { Callback } from '../callbacks/contract';
import type { ProgressStream, Verbosity } from './contract';
import { bar, formatDuration, formatLog, formatNumber } from './format';

/** Options of {@link progressLogger}. */
export interface ProgressOptions {
  /** 1: a live bar on a terminal, a line per epoch otherwise; 2: a line per epoch. */
  readonly verbose: Verbosity;
  /** Epochs of the `fit` call. */
  readonly epochs: number;
  /** Training steps per epoch; undefined for a stream (the bar then shows the step count alone). */
  readonly stepsPerEpoch?: number;
  /** Where to print. Default `process.stdout` in Node; nothing elsewhere. */
  readonly stream?: ProgressStream;
  /** Milliseconds clock. Default `performance.now`. */
  readonly now?: () => number;
}

/** Smallest interval between two redraws of the bar: a terminal is slower than a CPU training step. */
const REDRAW_MS = 100;

function defaultStream(): ProgressStream | undefined {
  const p = (globalThis as { process?: { versions?: { node?: string }; stdout?: ProgressStream } }).process;
  return p?.versions?.node ? p.stdout : undefined;
}

/** Checks `fit`'s `verbose` option: 0, 1, 2 or a boolean (true is 1). */
export function checkVerbose(value: unknown): Verbosity {
  if (value === undefined || value === false || value === 0) return 0;
  if (value === true || value === 1) return 1;
  if (value === 2) return 2;
  throw new ValidationError(`fit: verbose must be 0, 1, 2 or a boolean, got ${String(value)}`);
}

/**
 * The callback behind `fit({ verbose })`: Keras-style progress. On a terminal with `verbose: 1`, a bar redrawn in
 * place at most every 100 ms (step/total, the running mean loss, ETA), then the epoch's line; otherwise one line per
 * epoch. Without a stream (browsers) it prints nothing.
 */
export function progressLogger(options: ProgressOptions): Callback {
  const stream = options.stream ?? defaultStream();
  const now = options.now ?? (() => performance.now());
  const live = options.verbose === 1 && stream?.isTTY === true;
  const { epochs, stepsPerEpoch } = options;
  const width = String(epochs).length;
  let epochStart = 0;
  let epochSteps = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lossSum = 0;
  let lossCount = 0;
  const head = (epoch: number) => `epoch ${String(epoch + 1).padStart(width)}/${epochs}`;
  return {
    onTrainBegin() {
      epochStart = now();
    },
    onBatchEnd(info) {
      epochSteps = info.batch + 1;
      if (!live || !stream) return;
      if (info.batch === 0) {
        epochStart = now();
        lossSum = 0;
        lossCount = 0;
      }
      if (!Number.isNaN(info.loss)) {
        lossSum += info.loss;
        lossCount++;
      }
      const t = now();
      const done = info.batch + 1;
      if (t - lastDraw < REDRAW_MS && (stepsPerEpoch === undefined || done < stepsPerEpoch)) return;
      lastDraw = t;
      const loss = lossCount > 0 ? ` - loss: ${formatNumber(lossSum / lossCount)}` : '';
      const progress =
        stepsPerEpoch === undefined
          ? `step ${done}`
          : `${String(done).padStart(String(stepsPerEpoch).length)}/${stepsPerEpoch} ${bar(done, stepsPerEpoch, 20)}`;
      const eta =
        stepsPerEpoch === undefined ? '' : ` - ETA ${formatDuration(((t - epochStart) / done) * (stepsPerEpoch - done))}`;
      const line = `${head(info.epoch)} ${progress}${loss}${eta}`;
      stream.write(`\r${line.slice(0, Math.max(20, (stream.columns ?? 120) - 1))}\x1b[K`);
    },
    onEpochEnd(log) {
      if (!stream) return;
      const t = now();
      const line = `${head(log.epoch)} - ${epochSteps} steps - ${formatDuration(t - epochStart)} - ${formatLog(log)}`;
      stream.write(live ? `\r${line}\x1b[K\n` : `${line}\n`);
      epochStart = t;
    },
    onTrainEnd(history) {
      if (stream && history.stopReason !== 'completed' && history.message) stream.write(`${history.message}\n`);
    },
  };
}
