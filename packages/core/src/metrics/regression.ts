import type { Metric, MetricAccumulator, MetricContext } from './contract';

function meanOf(name: string, term: (d: number) => number): Metric {
  return Object.freeze({
    name,
    create(): MetricAccumulator {
      let sum = 0;
      let n = 0;
      return {
        update(pred, target, rows, cols) {
          for (let i = 0; i < rows * cols; i++) sum += term(pred[i] - target[i]);
          n += rows * cols;
        },
        result: () => (n === 0 ? 0 : sum / n),
      };
    },
  });
}

/** Mean absolute error over every output of every row, on the raw outputs. */
export function meanAbsoluteError(): Metric {
  return meanOf('mae', Math.abs);
}

/** Mean squared error over every output of every row, on the raw outputs. */
export function meanSquaredError(): Metric {
  return meanOf('mse', (d) => d * d);
}

/**
 * Coefficient of determination `1 − SS_res / SS_tot` per output, averaged over the outputs (scikit-learn's
 * `r2_score` with `multioutput='uniform_average'`). An output whose targets are all equal scores 1 when predicted
 * exactly and 0 otherwise, as scikit-learn does.
 */
export function r2(): Metric {
  return Object.freeze({
    name: 'r2',
    create(context: MetricContext): MetricAccumulator {
      const cols = context.cols;
      // Welford's running mean and sum of squared deviations: no cancellation when the targets sit far from 0.
      const mean = new Float64Array(cols);
      const m2 = new Float64Array(cols);
      const sumRes = new Float64Array(cols);
      let n = 0;
      return {
        update(pred, target, rows) {
          for (let row = 0; row < rows; row++) {
            n++;
            for (let j = 0; j < cols; j++) {
              const y = target[row * cols + j];
              const d = y - pred[row * cols + j];
              sumRes[j] += d * d;
              const delta = y - mean[j];
              mean[j] += delta / n;
              m2[j] += delta * (y - mean[j]);
            }
          }
        },
        result() {
          let total = 0;
          for (let j = 0; j < cols; j++) {
            const ssTot = m2[j];
            total += ssTot > 0 ? 1 - sumRes[j] / ssTot : sumRes[j] === 0 ? 1 : 0;
          }
          return total / cols;
        },
      };
    },
  });
}
