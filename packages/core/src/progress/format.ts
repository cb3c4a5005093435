import type { EpochLog } from '../model/types';

/** A number as Keras prints losses: 4 significant decimals, exponent form when tiny or huge. */
export function formatNumber(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toFixed(4);
}

/** Seconds as `850ms`, `12s` or `3m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** `loss: 0.1234 - accuracy: 0.9500 - f1: 0.8000 - valLoss: …`; per-class metrics are left out of the line. */
export function formatLog(log: EpochLog): string {
  const parts = [`loss: ${formatNumber(log.loss)}`];
  if (log.accuracy !== undefined) parts.push(`accuracy: ${formatNumber(log.accuracy)}`);
  for (const [k, v] of Object.entries(log.metrics ?? {})) if (typeof v === 'number') parts.push(`${k}: ${formatNumber(v)}`);
  if (log.valLoss !== undefined) parts.push(`valLoss: ${formatNumber(log.valLoss)}`);
  if (log.valAccuracy !== undefined) parts.push(`valAccuracy: ${formatNumber(log.valAccuracy)}`);
  for (const [k, v] of Object.entries(log.valMetrics ?? {}))
    if (typeof v === 'number') parts.push(`val ${k}: ${formatNumber(v)}`);
  return parts.join(' - ');
}

/** `[=========>..........]` of `width` cells for `done` of `total`. */
export function bar(done: number, total: number, width: number): string {
  const filled = Math.min(width, Math.floor((done / total) * width));
  if (filled >= width) return `[${'='.repeat(width)}]`;
  return `[${'='.repeat(filled)}>${'.'.repeat(width - filled - 1)}]`;
}
