import { afterEach, describe, expect, it } from 'vitest';
import { firstDiff, xorshift32 } from './kernel-test-support';
import { RECTIFIER_CHUNK } from './rectifier-kernel';
import {
  leakyReluGradInto,
  leakyReluInto,
  preluGradInto,
  preluInto,
  RECTIFIER_MIN_LENGTH,
  reluGradInto,
  reluInto,
} from './rectifier';
import { setVmathKernel, vmathKernel } from './vmath';

const f32 = Math.fround;
const FLT_MAX = 3.4028234663852886e38;
const SUB_MIN = 1.401298464324817e-45;
const SUB_MAX = 1.1754942106924411e-38;
const INF = Number.POSITIVE_INFINITY;

/** Edge values, each also negated; the caps and slopes below get their neighbours too. */
const EDGES = [0, SUB_MIN, SUB_MAX, 1.1754943508222875e-38, FLT_MAX, INF, Number.NaN, 1, 0.5, 6, f32(6.0000001), 1e-30];

/** Float32 neighbours of v (v itself, the next below and above). */
function around(v: number): number[] {
  const b = new Float32Array([v]);
  const i = new Int32Array(b.buffer);
  const out = [b[0]];
  i[0] += 1;
  out.push(b[0]);
  i[0] -= 2;
  out.push(b[0]);
  return out;
}

/** n float32s: every edge value (and the neighbours of `extra`) in a random order, then random values and bits. */
function inputs(n: number, seed: number, extra: number[] = []): Float32Array {
  const r = xorshift32(seed);
  const pool = [...EDGES, ...EDGES.map((v) => -v), ...extra.flatMap(around)];
  const x = new Float32Array(n);
  const raw = new Int32Array(x.buffer);
  for (let i = 0; i < n; i++) {
    const kind = Math.floor(r() * 4);
    if (kind === 0) x[i] = pool[Math.floor(r() * pool.length)];
    else if (kind === 1) x[i] = -8 + 16 * r();
    else if (kind === 2) x[i] = (r() < 0.5 ? -1 : 1) * 10 ** (-45 + 84 * r());
    else raw[i] = (r() * 2 ** 32) | 0;
  }
  return x;
}

/** Branchy float64 references, stored to float32 by the caller. */
const ref = {
  // PyTorch's relu(−0) = −0 (x < 0 ? 0 : x keeps it), +0 for every x < 0, NaN kept.
  // biome-ignore lint/complexity/useMathMinMax: Math.max(−0, 0) is +0; the ternary keeps −0.
  relu: (x: number, cap: number) => Math.min(x < 0 ? 0 : x, cap),
  // Uncapped, ReLU'(+∞) = 1; with a cap (even one above FLT_MAX) the gradient is 0 from the cap on.
  // PyTorch's gradient is +0 where x <= 0, whatever the sign of dy: + 0 turns dy·0 = −0 into +0.
  reluGrad: (x: number, dy: number, cap: number) => (Number.isNaN(x) ? x : dy * (x > 0 && (cap === INF || x < cap) ? 1 : 0) + 0),
  leaky: (x: number, s: number) => (x > 0 ? x : s * x),
  leakyGrad: (x: number, dy: number, s: number) => (Number.isNaN(x) ? x : x > 0 ? dy : s * dy),
};

function expectSame(got: Float32Array, want: Float32Array, x: Float32Array, dy?: Float32Array): void {
  const i = firstDiff(got, want);
  if (i >= 0) expect({ i, x: x[i], dy: dy?.[i], got: got[i] }).toEqual({ i, x: x[i], dy: dy?.[i], got: want[i] });
}

const SENTINEL = 12345;
const LENGTHS = [RECTIFIER_MIN_LENGTH, RECTIFIER_MIN_LENGTH + 1, 259, 1000, RECTIFIER_CHUNK + 3, 2 * RECTIFIER_CHUNK + 13];
const CAPS = [INF, 6, 6.0000001, 5.9999999, 1, 1e-50, 1e39, FLT_MAX, SUB_MIN];
const SLOPES = [0.25, 0.01, 0, -0, 1e17, 1, 1.5, 3, -2, 1e-40, Number.NaN, INF];

/** Runs `fn(x, dy, out, length)` on arrays 7 longer than `length` and checks the tail is untouched. */
function run(
  length: number,
  x: Float32Array,
  dy: Float32Array | null,
  fn: (x: Float32Array, dy: Float32Array, out: Float32Array, n: number) => boolean,
): Float32Array {
  const out = new Float32Array(length + 7).fill(SENTINEL);
  expect(fn(x, dy ?? x, out, length)).toBe(true);
  expect(Array.from(out.subarray(length))).toEqual(new Array(7).fill(SENTINEL));
  return out.subarray(0, length);
}

describe('rectifier SIMD kernels', () => {
  afterEach(() => setVmathKernel('auto'));

  it('run in WebAssembly SIMD here (so the comparisons below test the module)', () => {
    expect(vmathKernel()).toBe('wasm-simd');
  });

  for (const length of LENGTHS) {
    it(`ReLU forward and backward equal the float64 branchy loop bit for bit (n = ${length})`, () => {
      for (const cap of CAPS) {
        const x = inputs(length + 7, length, [cap, 0]);
        const dy = inputs(length + 7, length + 1);
        const want = new Float32Array(length);
        const wantD = new Float32Array(length);
        for (let i = 0; i < length; i++) {
          want[i] = ref.relu(x[i], cap);
          wantD[i] = ref.reluGrad(x[i], dy[i], cap);
        }
        expectSame(
          run(length, x, null, (a, _d, o, n) => reluInto(a, o, n, cap)),
          want,
          x,
        );
        expectSame(
          run(length, x, dy, (a, d, o, n) => reluGradInto(a, d, o, n, cap)),
          wantD,
          x,
          dy,
        );
      }
    });

    it(`Leaky ReLU forward and backward equal the float64 branchy loop bit for bit (n = ${length})`, () => {
      for (const s of SLOPES) {
        const x = inputs(length + 7, 3 * length);
        const dy = inputs(length + 7, 3 * length + 1);
        const want = new Float32Array(length);
        const wantD = new Float32Array(length);
        for (let i = 0; i < length; i++) {
          want[i] = ref.leaky(x[i], s);
          wantD[i] = ref.leakyGrad(x[i], dy[i], s);
        }
        expectSame(
          run(length, x, null, (a, _d, o, n) => leakyReluInto(a, o, n, s)),
          want,
          x,
        );
        expectSame(
          run(length, x, dy, (a, d, o, n) => leakyReluGradInto(a, d, o, n, s)),
          wantD,
          x,
          dy,
        );
      }
    });
  }

  /** Per-channel slopes including the edge slopes (as float32, as PReLU stores them). */
  function slopesFor(channels: number, seed: number): Float32Array {
    const r = xorshift32(seed);
    const s = new Float32Array(channels);
    for (let c = 0; c < channels; c++) s[c] = c < SLOPES.length ? SLOPES[(c + seed) % SLOPES.length] : -1 + 3 * r();
    return s;
  }

  for (const channels of [1, 2, 3, 4, 5, 8, 12, 16, 33, 64, 300]) {
    it(`PReLU with ${channels} slope(s): forward, dx and the ordered float64 slope sums match a plain loop`, () => {
      for (const length of [RECTIFIER_MIN_LENGTH + 3, 4 * channels + 300, RECTIFIER_CHUNK + 5 * channels + 1]) {
        const slope = slopesFor(channels, length);
        const x = inputs(length + 7, length + channels);
        const dy = inputs(length + 7, length + channels + 1);
        const want = new Float32Array(length);
        const wantD = new Float32Array(length);
        const wantSums = new Float64Array(channels);
        // A shared slope's documented order: term i into partial i mod 8, then ((p0+p1)+(p2+p3))+((p4+p5)+(p6+p7)).
        const partials = new Float64Array(8);
        for (let i = 0; i < length; i++) {
          const c = i % channels;
          want[i] = ref.leaky(x[i], slope[c]);
          wantD[i] = ref.leakyGrad(x[i], dy[i], slope[c]);
          if (channels === 1) partials[i % 8] += Math.min(x[i], 0) * dy[i];
          else wantSums[c] += Math.min(x[i], 0) * dy[i];
        }
        if (channels === 1) {
          const p = partials;
          wantSums[0] += p[0] + p[1] + (p[2] + p[3]) + (p[4] + p[5] + (p[6] + p[7]));
        }
        // A shared slope is `slope.length === 1`, whatever channels says.
        const ch = channels === 1 ? 7 : channels;
        // Per channel, the module needs one period of the slope pattern, lcm(channels, 4), in the array.
        const lcm4 = channels % 4 === 0 ? channels : channels % 2 === 0 ? 2 * channels : 4 * channels;
        if (channels > 1 && lcm4 > length) {
          const o = new Float32Array(length).fill(SENTINEL);
          expect(preluInto(x, o, length, slope, ch, 1)).toBe(false);
          expect(preluGradInto(x, dy, o, length, slope, ch, 1, new Float64Array(channels))).toBe(false);
          expect(o.every((v) => v === SENTINEL)).toBe(true);
          continue;
        }
        expectSame(
          run(length, x, null, (a, _d, o, n) => preluInto(a, o, n, slope, ch, 1)),
          want,
          x,
        );
        const sums = new Float64Array(channels + 1).fill(0);
        sums[channels] = SENTINEL;
        const covered = channels === 1 || channels % 4 === 0;
        const out = new Float32Array(length).fill(SENTINEL);
        expect(preluGradInto(x, dy, out, length, slope, ch, 1, sums)).toBe(covered);
        if (!covered) {
          expect(out.every((v) => v === SENTINEL)).toBe(true);
          continue;
        }
        expectSame(out, wantD, x, dy);
        for (let c = 0; c < channels; c++) expect(Object.is(sums[c], wantSums[c]), `channel ${c}`).toBe(true);
        expect(sums[channels]).toBe(SENTINEL);
      }
    });
  }

  it('PReLU sums stay finite and exact when no input is NaN or +∞ (random signs, per channel)', () => {
    const channels = 8;
    const length = 10_000;
    const r = xorshift32(9);
    const x = new Float32Array(length).map(() => -1 + 2 * r());
    const dy = new Float32Array(length).map(() => -1 + 2 * r());
    const slope = new Float32Array(channels).fill(0.25);
    const sums = new Float64Array(channels);
    const want = new Float64Array(channels);
    for (let i = 0; i < length; i++) want[i % channels] += Math.min(x[i], 0) * dy[i];
    expect(preluGradInto(x, dy, new Float32Array(length), length, slope, channels, 1, sums)).toBe(true);
    expect(Array.from(sums)).toEqual(Array.from(want));
    expect(sums.every(Number.isFinite)).toBe(true);
  });

  it('give the same bits block by block as in one call, and work in place', () => {
    const length = 3 * RECTIFIER_CHUNK + 999;
    const x = inputs(length, 77, [6]);
    const dy = inputs(length, 78);
    const slope = slopesFor(16, 5);
    const kernels: [string, (x: Float32Array, dy: Float32Array, out: Float32Array, n: number) => boolean][] = [
      ['relu', (a, _d, o, n) => reluInto(a, o, n)],
      ['relu6', (a, _d, o, n) => reluInto(a, o, n, 6)],
      ['reluGrad6', (a, d, o, n) => reluGradInto(a, d, o, n, 6)],
      ['leaky', (a, _d, o, n) => leakyReluInto(a, o, n, 0.01)],
      ['leakyGrad', (a, d, o, n) => leakyReluGradInto(a, d, o, n, 0.01)],
      ['prelu', (a, _d, o, n) => preluInto(a, o, n, slope, 16, 1)],
      ['preluGrad', (a, d, o, n) => preluGradInto(a, d, o, n, slope, 16, 1, new Float64Array(16))],
    ];
    for (const [, fn] of kernels) {
      const full = new Float32Array(length);
      expect(fn(x, dy, full, length)).toBe(true);
      // Row blocks of 16 · 1000 elements (a whole number of rows, as the fused dense path calls them).
      const blocked = new Float32Array(length);
      const block = 16 * 1000;
      for (let s = 0; s < length; s += block) {
        const n = Math.min(block, length - s);
        const ok = fn(x.subarray(s, s + n), dy.subarray(s, s + n), blocked.subarray(s, s + n), n);
        if (!ok) throw new Error('declined');
      }
      expect(firstDiff(blocked, full)).toBe(-1);
      const inPlace = Float32Array.from(dy);
      expect(fn(x, inPlace, inPlace, length)).toBe(true);
      expect(firstDiff(inPlace, full)).toBe(-1);
    }
  });

  it('decline (return false, write nothing) for short arrays, js mode and uncovered layouts', () => {
    const x = inputs(4096, 3);
    const out = new Float32Array(4096).fill(SENTINEL);
    const sums = new Float64Array(4);
    expect(reluInto(x, out, RECTIFIER_MIN_LENGTH - 1)).toBe(false);
    expect(reluInto(x, out, 4096, 0)).toBe(false);
    expect(reluGradInto(x, x, out, 4096, Number.NaN)).toBe(false);
    expect(preluInto(x, out, 4096, new Float32Array(4), 4, 2)).toBe(false);
    expect(preluGradInto(x, x, out, 4096, new Float32Array(4), 4, 2, sums)).toBe(false);
    // A zero term's sign is not kept, which only matters for a sum that starts at −0.
    const negZero = Float64Array.of(-0, 0, 0, 0);
    expect(preluGradInto(x, x, out, 4096, new Float32Array(1), 1, 1, negZero)).toBe(false);
    expect(preluGradInto(x, x, out, 4096, new Float32Array(4), 4, 1, negZero)).toBe(false);
    expect(Object.is(negZero[0], -0)).toBe(true);
    setVmathKernel('js');
    expect(reluInto(x, out, 4096)).toBe(false);
    expect(leakyReluGradInto(x, x, out, 4096, 0.1)).toBe(false);
    expect(preluGradInto(x, x, out, 4096, new Float32Array(1), 1, 1, sums)).toBe(false);
    expect(out.every((v) => v === SENTINEL)).toBe(true);
    expect(Array.from(sums)).toEqual([0, 0, 0, 0]);
  });
});
