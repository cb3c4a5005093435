import { ValidationError } from '../errors';
import type { Metric, MetricAccumulator, MetricContext } from './contract';
import { predictedClass, targetClass, thresholdFor } from './classes';

function ratio(): { add(right: number, seen: number): void; value(): number } {
  let right = 0;
  let seen = 0;
  return {
    add(r, s) {
      right += r;
      seen += s;
    },
    value: () => (seen === 0 ? 0 : right / seen),
  };
}

/**
 * Binary accuracy (Keras `binary_accuracy`): every output is its own yes/no decision (above 0 for a
 * `bce-with-logits` logit, above 0.5 otherwise) compared with `target > 0.5`; the fraction right over all outputs.
 */
export function binaryAccuracy(): Metric {
  return Object.freeze({
    name: 'binary-accuracy',
    create(context: MetricContext): MetricAccumulator {
      const threshold = thresholdFor(context);
      const r = ratio();
      return {
        update(pred, target, rows, cols) {
          let right = 0;
          for (let i = 0; i < rows * cols; i++) if (pred[i] > threshold === target[i] > 0.5) right++;
          r.add(right, rows * cols);
        },
        result: r.value,
      };
    },
  });
}

/** Categorical accuracy (Keras `categorical_accuracy`): argmax of the outputs equals argmax of the targets. */
export function categoricalAccuracy(): Metric {
  return Object.freeze({
    name: 'categorical-accuracy',
    create(context: MetricContext): MetricAccumulator {
      if (context.cols < 2) {
        throw new ValidationError(
          "categorical-accuracy: the model has one output; use 'binary-accuracy' (or 'accuracy') for a binary model",
        );
      }
      const r = ratio();
      return {
        update(pred, target, rows, cols) {
          let right = 0;
          for (let row = 0; row < rows; row++) if (predictedClass(pred, row, cols, 0) === targetClass(target, row, cols)) right++;
          r.add(right, rows);
        },
        result: r.value,
      };
    },
  });
}

/** Accuracy as Keras picks it for `'accuracy'`: binary for a single output, categorical for several. */
export function accuracyMetric(): Metric {
  return Object.freeze({
    name: 'accuracy',
    create(context: MetricContext): MetricAccumulator {
      return (context.cols === 1 ? binaryAccuracy() : categoricalAccuracy()).create(context);
    },
  });
}
