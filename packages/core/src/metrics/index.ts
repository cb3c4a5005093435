export type { ClassAverage, Metric, MetricAccumulator, MetricContext, MetricName, MetricValue } from './contract';
export { accuracyMetric, binaryAccuracy, categoricalAccuracy } from './accuracy';
export { type ClassMetricOptions, f1, precision, recall } from './precision-recall';
export { meanAbsoluteError, meanSquaredError, r2 } from './regression';
export { metricFromName, resolveMetrics } from './resolve';
