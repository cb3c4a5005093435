import { describe, expect, it } from 'vitest';
import { type AdamScalars, adamLoop, type SgdScalars, sgdLoop, sgdMomentumLoop } from '../../../optimizers/update-loops';
import { lcg } from './kernel-test-support';
import { OPTIM_CHUNK, WasmOptim } from './optim-kernel';

// The module against the optimizers' JavaScript loops (the reference): every result bit for bit, NaN for NaN.

const kernel = WasmOptim.create();

const MAX32 = 3.4028234663852886e38;
/** ±0, ±∞, NaN, the smallest and largest subnormals, the smallest normal, the largest float and ordinary values. */
const SPECIAL = [
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  2 ** -149,
  -(2 ** -149),
  2 ** -126 - 2 ** -149,
  2 ** -126,
  MAX32,
  -MAX32,
  1,
  -1,
];

/** Float32 values: a third special, the rest of random sign and magnitude 2^−140 … 2^120 (subnormals included). */
function values(rand: () => number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (rand() < 0.33) a[i] = SPECIAL[Math.floor(rand() * SPECIAL.length)];
    else a[i] = (rand() < 0.5 ? -1 : 1) * (0.5 + rand()) * 2 ** Math.floor(-140 + 260 * rand() ** 3);
  }
  return a;
}

/** The first index where two results differ (both NaN counts as equal; ±0 differ), or −1. */
function firstMismatch(a: Float32Array, b: Float32Array): number {
  for (let i = 0; i < a.length; i++) {
    if (!(Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i])))) return i;
  }
  return -1;
}

/**
 * Arrays of `n` values (one per name) at float offset `skew` of a larger array whose other floats hold a sentinel,
 * as [wasm copy, JS copy, the wasm copy's whole buffer] each.
 */
function arrays(rand: () => number, n: number, names: string[], skew: number) {
  return names.map(() => {
    const src = values(rand, n);
    const whole = new Float32Array(n + skew + 3).fill(-7.25);
    const view = whole.subarray(skew, skew + n);
    view.set(src);
    return { wasm: view, js: Float32Array.from(src), whole, skew };
  });
}

/** Asserts that every array matches and that nothing outside the views was written. */
function expectSame(list: ReturnType<typeof arrays>, what: string): void {
  for (const [k, a] of list.entries()) {
    const i = firstMismatch(a.wasm, a.js);
    expect(i, `${what}: array ${k} element ${i}: wasm ${a.wasm[i]} js ${a.js[i]}`).toBe(-1);
    const outside = a.whole.filter((_, j) => j < a.skew || j >= a.skew + a.wasm.length);
    expect(
      outside.every((x) => x === -7.25),
      `${what}: array ${k} written outside its view`,
    ).toBe(true);
  }
}

const LENGTHS = [...Array.from({ length: 38 }, (_, n) => n), 1000, 2 * OPTIM_CHUNK + 5];
const LRS = [0.1, 0, 1e-3, 1e30, 1e-30, 5e-324];
const WDS = [0, 0.01, 1e30];

/** The exports called with the scalars in the order scripts/optim-wat.mjs documents, every length in WebAssembly. */
const k = {
  sgd(p: Float32Array, g: Float32Array, lr: number, wd: number): void {
    kernel?.update('sgd', p, g, null, null, [lr, wd]);
  },
  /** `plain`: the export without selects, for later heavy-ball steps only. */
  sgdMomentum(p: Float32Array, g: Float32Array, b: Float32Array, s: SgdScalars, first: boolean, plain = false): void {
    if (plain) kernel?.update('sgdMomentum', p, g, b, null, [s.lr, s.wd, s.mu, s.keep]);
    else kernel?.update('sgdMomentumAny', p, g, b, null, [s.lr, s.wd, s.mu, s.keep, first ? 1 : 0, s.nesterov ? 1 : 0]);
  },
  adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamScalars): void {
    kernel?.update('adam', p, g, m, v, [s.b1, s.c1, s.b2, s.c2, s.shrink, s.stepSize, s.sqrtBc2, s.eps]);
  },
  get memoryBytes(): number {
    return kernel?.memoryBytes ?? 0;
  },
};

describe('WasmOptim: bit-identical to the JavaScript loops', () => {
  it('runs here (WebAssembly SIMD is available in Node 20+)', () => {
    expect(kernel).not.toBeNull();
  });

  it('sgd: p − lr·(g + wd·p), every length 0–37 and across slices, odd offsets, lr and wd extremes', () => {
    const rand = lcg(1);
    let cases = 0;
    for (const n of LENGTHS) {
      for (const lr of LRS) {
        for (const wd of WDS) {
          const [p, g] = arrays(rand, n, ['p', 'g'], 1 + (cases % 5));
          k.sgd(p.wasm, g.wasm, lr, wd);
          sgdLoop(p.js, g.js, lr, wd);
          expectSame([p, g], `sgd n=${n} lr=${lr} wd=${wd}`);
          cases++;
        }
      }
    }
    expect(cases).toBe(LENGTHS.length * LRS.length * WDS.length);
  });

  it('sgd with wd = 0 keeps 0·∞ = NaN for an infinite parameter, as the JS loop does', () => {
    const p = Float32Array.of(Infinity, -Infinity, 1, 2, Infinity);
    const g = Float32Array.of(0, 0, 0, 0, -Infinity);
    k.sgd(p, g, 0.1, 0);
    expect(Array.from(p).map(Number.isNaN)).toEqual([true, true, false, false, true]);
  });

  it('momentum: first and later steps, heavy-ball and Nesterov, with dampening', () => {
    const rand = lcg(2);
    const settings: SgdScalars[] = [];
    for (const nesterov of [false, true]) {
      for (const [mu, keep] of [
        [0.9, 1],
        [0.5, 0.7],
        [0.99, 0],
        [1e-30, 1],
      ]) {
        if (nesterov && keep !== 1) continue;
        for (const lr of [0.1, 1e30, 1e-30]) settings.push({ lr, wd: rand() < 0.5 ? 0 : 0.01, mu, keep, nesterov });
      }
    }
    let cases = 0;
    for (const n of LENGTHS) {
      for (const s of settings) {
        for (const [first, plain] of [
          [true, false],
          [false, false],
          [false, true],
        ]) {
          if (plain && s.nesterov) continue;
          const [p, g, b] = arrays(rand, n, ['p', 'g', 'b'], 1 + 2 * (cases % 3));
          k.sgdMomentum(p.wasm, g.wasm, b.wasm, s, first, plain);
          sgdMomentumLoop(p.js, g.js, b.js, s, first);
          expectSame([p, g, b], `momentum n=${n} ${JSON.stringify(s)} first=${first} plain=${plain}`);
          cases++;
        }
      }
    }
    const heavyBall = settings.filter((s) => !s.nesterov).length;
    expect(cases).toBe(LENGTHS.length * (settings.length * 2 + heavyBall));
  });

  it('adam/adamw: first and later steps, betas and eps extremes, weight-decay shrink', () => {
    const rand = lcg(3);
    const settings: AdamScalars[] = [];
    for (const [b1, b2] of [
      [0.9, 0.999],
      [0, 0],
      [0.5, 0.9],
    ]) {
      for (const t of [1, 2, 1000]) {
        for (const [lr, wd, eps] of [
          [1e-3, 0, 1e-8],
          [0.1, 0.01, 1e-30],
          [1e30, 1e-2, 1],
        ]) {
          const stepSize = lr / (1 - b1 ** t);
          const sqrtBc2 = Math.sqrt(1 - b2 ** t);
          settings.push({ b1, c1: 1 - b1, b2, c2: 1 - b2, shrink: 1 - lr * wd, stepSize, sqrtBc2, eps });
        }
      }
    }
    let cases = 0;
    for (const n of LENGTHS) {
      for (const s of settings) {
        const [p, g, m, v] = arrays(rand, n, ['p', 'g', 'm', 'v'], 1 + (cases % 4));
        // v is a running mean of squares: keep it ≥ 0 (|v|), though a negative v would only give NaN in both.
        for (const a of [v.wasm, v.js]) for (let i = 0; i < n; i++) a[i] = Math.abs(a[i]);
        k.adam(p.wasm, g.wasm, m.wasm, v.wasm, s);
        adamLoop(p.js, g.js, m.js, v.js, s);
        expectSame([p, g, m, v], `adam n=${n} ${JSON.stringify(s)}`);
        cases++;
      }
    }
    expect(cases).toBe(LENGTHS.length * settings.length);
  });

  it('near float32 rounding midpoints, where another operation order would round differently', () => {
    // Each trial tunes one float64 scalar so that one stored value lands within a few float64 ulps of the midpoint
    // between two float32s, then steps the scalar through the ulps around it: a kernel that reassociated, fused or
    // reordered anything would round some of these to the other float32.
    const rand = lcg(4);
    const f64 = new Float64Array(1);
    const bits = new BigInt64Array(f64.buffer);
    const ulpsFrom = (x: number, k: number) => {
      f64[0] = x;
      bits[0] += BigInt(k);
      return f64[0];
    };
    const f32 = new Float32Array(1);
    const bits32 = new Int32Array(f32.buffer);
    /** The float32 rounding midpoint nearest x (x normal, not a float32 boundary case). */
    const midpoint = (x: number) => {
      f32[0] = x;
      const a = f32[0];
      // Away from zero in magnitude when x is beyond a, else towards zero.
      bits32[0] += Math.abs(x) > Math.abs(a) ? 1 : -1;
      return (a + f32[0]) / 2;
    };
    const one = () => Float32Array.of((rand() < 0.5 ? -1 : 1) * (0.25 + rand()));
    let trials = 0;
    for (let t = 0; t < 40; t++) {
      const p0 = one()[0];
      const g0 = one()[0];
      const b0 = one()[0];
      const m0 = one()[0];
      const v0 = Math.abs(one()[0]);
      const sweep = (run: (wasm: boolean, x: number) => Float32Array[], x0: number) => {
        for (let k = -12; k <= 12; k++) {
          const x = ulpsFrom(x0, k);
          const w = run(true, x);
          const j = run(false, x);
          for (let a = 0; a < w.length; a++) expect(firstMismatch(w[a], j[a]), `trial ${t} ulp ${k} array ${a}`).toBe(-1);
          trials++;
        }
      };
      const wd = rand() < 0.5 ? 0 : 0.01;
      // sgd: tune lr so that p − lr·(g + wd·p) sits on a midpoint.
      const q = g0 + wd * p0;
      sweep(
        (wasm, lr) => {
          const p = Float32Array.of(p0);
          (wasm ? k.sgd : sgdLoop)(p, Float32Array.of(g0), lr, wd);
          return [p];
        },
        (p0 - midpoint(p0 - 0.3 * q)) / q,
      );
      // momentum: tune keep (the stored buffer), then lr (the parameter, Nesterov).
      const mu = 0.9;
      const d = g0 + wd * p0;
      const mom = (s: SgdScalars) => (wasm: boolean, _x: number) => {
        const p = Float32Array.of(p0);
        const b = Float32Array.of(b0);
        if (wasm) k.sgdMomentum(p, Float32Array.of(g0), b, s, false, !s.nesterov);
        else sgdMomentumLoop(p, Float32Array.of(g0), b, s, false);
        return [p, b];
      };
      sweep(
        (wasm, keep) => mom({ lr: 0.1, wd, mu, keep, nesterov: false })(wasm, keep),
        (midpoint(mu * b0 + 0.6 * d) - mu * b0) / d,
      );
      const bn = mu * b0 + d;
      const nq = d + mu * bn;
      sweep((wasm, lr) => mom({ lr, wd, mu, keep: 1, nesterov: true })(wasm, lr), (p0 - midpoint(p0 - 0.2 * nq)) / nq);
      // adam: tune c1 (m), c2 (v), then stepSize (p).
      const base: AdamScalars = {
        b1: 0.9,
        c1: 0.1,
        b2: 0.999,
        c2: 0.001,
        shrink: 1 - 1e-3 * wd,
        stepSize: 1e-3,
        sqrtBc2: 0.3,
        eps: 1e-8,
      };
      const adamRun = (s: AdamScalars) => (wasm: boolean) => {
        const [p, g, m, v] = [p0, g0, m0, v0].map((x) => Float32Array.of(x));
        (wasm ? k.adam : adamLoop)(p, g, m, v, s);
        return [p, m, v];
      };
      sweep((wasm, c1) => adamRun({ ...base, c1 })(wasm), (midpoint(0.9 * m0 + 0.1 * g0) - 0.9 * m0) / g0);
      // With β2 = 0, v' = (c2·g)·g alone, so its rounding shows in v.
      sweep((wasm, c2) => adamRun({ ...base, b2: 0, c2 })(wasm), midpoint(0.001 * g0 * g0) / (g0 * g0));
      const mn = 0.9 * m0 + 0.1 * g0;
      const ratio = mn / (Math.sqrt(0.999 * v0 + 0.001 * g0 * g0) / 0.3 + 1e-8);
      const pd = p0 * base.shrink;
      sweep((wasm, stepSize) => adamRun({ ...base, stepSize })(wasm), (pd - midpoint(pd - 1e-3 * ratio)) / ratio);
    }
    expect(trials).toBe(40 * 6 * 25);
  });

  it('keeps its scratch memory at four slices however long the parameter', () => {
    const n = 5 * OPTIM_CHUNK + 3;
    const z = () => new Float32Array(n);
    k.adam(z(), z(), z(), z(), { b1: 0.9, c1: 0.1, b2: 0.999, c2: 0.001, shrink: 1, stepSize: 1, sqrtBc2: 1, eps: 1e-8 });
    expect(k.memoryBytes).toBeLessThanOrEqual(4 * 4 * OPTIM_CHUNK + 65536);
  });
});
