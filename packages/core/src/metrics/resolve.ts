import { ValidationError } from '../errors';
import { accuracyMetric, binaryAccuracy, categoricalAccuracy } from './accuracy';
import type { Metric, MetricName } from './contract';
import { f1, precision, recall } from './precision-recall';
import { meanAbsoluteError, meanSquaredError, r2 } from './regression';

const BY_NAME: Readonly<Record<MetricName, () => Metric>> = {
  accuracy: accuracyMetric,
  'binary-accuracy': binaryAccuracy,
  'categorical-accuracy': categoricalAccuracy,
  precision: () => precision(),
  recall: () => recall(),
  f1: () => f1(),
  mae: meanAbsoluteError,
  mse: meanSquaredError,
  r2,
};

/** The metric a built-in name stands for, e.g. `'f1'` → `f1()` (macro over classes, or class 1 of a binary model). */
export function metricFromName(name: MetricName): Metric {
  if (!Object.hasOwn(BY_NAME, name)) {
    throw new ValidationError(
      `compile: unknown metric ${JSON.stringify(name)}; use one of ${Object.keys(BY_NAME).join(', ')} or a Metric object`,
    );
  }
  return BY_NAME[name]();
}

/**
 * Resolves `compile({ metrics })`: names become built-in metrics, Metric objects are kept. Throws a ValidationError
 * for an unknown name, a value that is neither, or two metrics with the same name (their log keys would collide).
 */
export function resolveMetrics(list: readonly (MetricName | Metric)[] | undefined): readonly Metric[] {
  if (list === undefined) return Object.freeze([]);
  if (!Array.isArray(list)) {
    throw new ValidationError("compile: metrics must be an array, e.g. ['accuracy', 'f1']");
  }
  const seen = new Set<string>();
  const metrics = list.map((item, i) => {
    const metric: Metric = typeof item === 'string' ? metricFromName(item as MetricName) : item;
    if (typeof metric !== 'object' || metric === null || typeof metric.create !== 'function' || typeof metric.name !== 'string') {
      throw new ValidationError(`compile: metrics[${i}] is neither a metric name nor a Metric object`);
    }
    if (seen.has(metric.name)) {
      throw new ValidationError(`compile: metric ${JSON.stringify(metric.name)} is listed twice; list each metric once`);
    }
    seen.add(metric.name);
    return metric;
  });
  return Object.freeze(metrics);
}
