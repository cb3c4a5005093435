import type { Tensor } from '../tensor';
import type { Histogram } from './types';

/** Statistics of one layer output. */
export interface OutputStats {
  readonly zeroFraction: number;
  readonly deadUnits: number[];
  readonly nonFinite: number;
  readonly histogram: Histogram;
  readonly mean: number;
  readonly std: number;
}

/**
 * Computes output statistics for one layer, keeping its per-unit scratch buffer between calls so a diagnostic every
 * few steps allocates only its small result.
 */
export class OutputStatsCollector {
  private alive = new Uint8Array(0);
  private counts = new Float64Array(0);

  /** Statistics of `y` (`[rows, ...]`); dead units are searched only when `findDead` is set. */
  collect(y: Tensor, bins: number, findDead: boolean): OutputStats {
    const data = y.data;
    const n = data.length;
    const rows = y.shape[0] ?? 1;
    const cols = rows === 0 ? 0 : n / rows;
    if (this.alive.length < cols) this.alive = new Uint8Array(cols);
    if (this.counts.length < bins) this.counts = new Float64Array(bins);
    const alive = this.alive;
    alive.fill(0, 0, cols);
    let zeros = 0;
    let nonFinite = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, i++) {
        const v = data[i];
        if (v === 0) {
          zeros++;
          continue;
        }
        alive[c] = 1;
        if (v - v !== 0) {
          nonFinite++;
          continue;
        }
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
      }
    }
    if (zeros > 0) {
      // Zeros count as finite values of the histogram too.
      if (min > 0) min = 0;
      if (max < 0) max = 0;
    }
    const counts = this.counts;
    counts.fill(0, 0, bins);
    const finite = n - nonFinite;
    const mean = finite > 0 ? sum / finite : Number.NaN;
    // Two passes (mean, then squared deviations), in float64: no cancellation when |mean| ≫ std.
    let squares = 0;
    if (finite > 0) {
      const width = (max - min) / bins;
      for (let i = 0; i < n; i++) {
        const v = data[i];
        if (v - v !== 0) continue;
        const k = width > 0 ? Math.floor((v - min) / width) : 0;
        counts[k < bins ? k : bins - 1]++;
        squares += (v - mean) * (v - mean);
      }
    }
    const deadUnits: number[] = [];
    if (findDead && rows > 0) for (let c = 0; c < cols; c++) if (alive[c] === 0) deadUnits.push(c);
    return {
      zeroFraction: n === 0 ? 0 : zeros / n,
      deadUnits,
      nonFinite,
      mean,
      std: finite > 0 ? Math.sqrt(squares / finite) : Number.NaN,
      histogram: {
        min: finite > 0 ? min : Number.NaN,
        max: finite > 0 ? max : Number.NaN,
        counts: Array.from(counts.subarray(0, bins)),
      },
    };
  }
}
