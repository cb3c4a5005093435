import { ValidationError } from '../errors';
import type { EpochLog } from '../model/types';
import type { Monitor, MonitorMode } from './contract';

const HIGHER_IS_BETTER = /accuracy|precision|recall|f1|r2/i;

/** `min` or `max` for a monitor: `auto` means `max` for accuracy, precision, recall, F1 and R², else `min`. */
export function resolveMode(where: string, monitor: Monitor, mode: MonitorMode | undefined): 'min' | 'max' {
  const m = mode ?? 'auto';
  if (m !== 'min' && m !== 'max' && m !== 'auto') {
    throw new ValidationError(`${where}: mode must be 'min', 'max' or 'auto', got ${String(mode)}`);
  }
  if (m !== 'auto') return m;
  return HIGHER_IS_BETTER.test(monitor) ? 'max' : 'min';
}

/** Checks a monitor name's form (its presence is checked against the first epoch log). */
export function checkMonitor(where: string, monitor: unknown): Monitor {
  if (
    typeof monitor !== 'string' ||
    !(['loss', 'valLoss', 'accuracy', 'valAccuracy'].includes(monitor) || /^(val)?[mM]etrics\.[^.]+$/.test(monitor))
  ) {
    throw new ValidationError(
      `${where}: monitor must be 'loss', 'valLoss', 'accuracy', 'valAccuracy', 'metrics.<name>' or 'valMetrics.<name>', got ${JSON.stringify(monitor)}`,
    );
  }
  return monitor as Monitor;
}

/**
 * The monitored number in an epoch log.
 * @throws ValidationError when the log has no such number (no validation data, metric not compiled, per-class value).
 */
export function readMonitor(where: string, log: EpochLog, monitor: Monitor): number {
  const dot = monitor.indexOf('.');
  const value =
    dot < 0 ? log[monitor as 'loss'] : log[monitor.slice(0, dot) as 'metrics' | 'valMetrics']?.[monitor.slice(dot + 1)];
  if (typeof value !== 'number') {
    throw new ValidationError(
      `${where}: the epoch log has no number "${monitor}"; give validation data for val* monitors, compile the metric for metrics.*, and monitor an averaged (not per-class) metric`,
    );
  }
  return value;
}
