import { ValidationError } from '../errors';
import type { ClassAverage, Metric, MetricAccumulator, MetricContext, MetricValue } from './contract';
import { classCount, predictedClass, targetClass, thresholdFor } from './classes';

/** Options of {@link precision}, {@link recall} and {@link f1}. */
export interface ClassMetricOptions {
  /** How classes combine; default `binary` for a single-output model, `macro` otherwise. */
  readonly average?: ClassAverage;
}

type Kind = 'precision' | 'recall' | 'f1';

/** 0 when the denominator is 0 (scikit-learn's `zero_division=0`, Keras's behaviour too). */
function safeDiv(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function perClass(kind: Kind, tp: number, fp: number, fn: number): number {
  const p = safeDiv(tp, tp + fp);
  const r = safeDiv(tp, tp + fn);
  if (kind === 'precision') return p;
  if (kind === 'recall') return r;
  return safeDiv(2 * tp, 2 * tp + fp + fn);
}

function classMetric(kind: Kind, options: ClassMetricOptions = {}): Metric {
  const average = options.average;
  if (average !== undefined && average !== 'macro' && average !== 'none' && average !== 'binary') {
    throw new ValidationError(`${kind}: average must be 'macro', 'none' or 'binary', got ${String(average)}`);
  }
  return Object.freeze({
    name: average === 'none' ? `${kind}-per-class` : kind,
    create(context: MetricContext): MetricAccumulator {
      const classes = classCount(kind, context);
      const mode = average ?? (context.cols === 1 ? 'binary' : 'macro');
      if (mode === 'binary' && context.cols !== 1) {
        throw new ValidationError(
          `${kind}: average 'binary' needs a single-output model, this one has ${context.cols} outputs; use 'macro' or 'none'`,
        );
      }
      const threshold = thresholdFor(context);
      const tp = new Float64Array(classes);
      const fp = new Float64Array(classes);
      const fn = new Float64Array(classes);
      return {
        update(pred, target, rows, cols) {
          for (let row = 0; row < rows; row++) {
            const p = predictedClass(pred, row, cols, threshold);
            const t = targetClass(target, row, cols);
            if (p === t) tp[p]++;
            else {
              fp[p]++;
              fn[t]++;
            }
          }
        },
        result(): MetricValue {
          const values = Array.from(tp, (_, k) => perClass(kind, tp[k], fp[k], fn[k]));
          if (mode === 'none') return values;
          if (mode === 'binary') return values[1];
          return values.reduce((a, b) => a + b, 0) / classes;
        },
      };
    },
  });
}

/** Precision `tp / (tp + fp)` of the predicted classes (argmax, or the threshold of a single output). */
export function precision(options?: ClassMetricOptions): Metric {
  return classMetric('precision', options);
}

/** Recall `tp / (tp + fn)` of the predicted classes. */
export function recall(options?: ClassMetricOptions): Metric {
  return classMetric('recall', options);
}

/** F1 `2·tp / (2·tp + fp + fn)` (the harmonic mean of precision and recall) of the predicted classes. */
export function f1(options?: ClassMetricOptions): Metric {
  return classMetric('f1', options);
}
