import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { dense } from '../builtin-layers';
import { sequential } from '../model/sequential';
import { createRng } from '../random';
import { loadModel, serializeModel } from '../serialization';
import { heNormal, initializerFromConfig, randomizedAsymmetric } from './index';

/** Kernel [fanIn, fanOut] and bias [fanOut] of one layer, filled as `dense` does: kernel, then bias, one generator. */
function draw(fanIn: number, fanOut: number, seed: number, scale?: number) {
  const { kernelInitializer, biasInitializer } = randomizedAsymmetric(scale === undefined ? {} : { scale });
  const rng = createRng(seed);
  const kernel = new Float32Array(fanIn * fanOut);
  const bias = new Float32Array(fanOut);
  kernelInitializer.fill(kernel, fanIn, fanOut, rng);
  biasInitializer.fill(bias, fanIn, fanOut, rng);
  /** Unit j's row V_j = [W_j, b_j] of the paper. */
  const row = (j: number): number[] => [...Array.from({ length: fanIn }, (_, i) => kernel[i * fanOut + j]), bias[j]];
  return { kernel, bias, row };
}

const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

describe('randomizedAsymmetric (Lu et al. 2019)', () => {
  // With σ tiny, the symmetric entries are ~1e-9 while Beta(2, 1) is below 1e-4 with probability 1e-8: the one
  // positive entry of each row is plain to see.
  const fanIn = 4;
  const fanOut = 60000;
  const tiny = draw(fanIn, fanOut, 11, 1e-9);

  it('gives every unit exactly one entry of its [weights, bias] row from P, at a uniformly chosen position', () => {
    const positions = new Array(fanIn + 1).fill(0);
    for (let j = 0; j < fanOut; j++) {
      const big = tiny.row(j).flatMap((v, k) => (Math.abs(v) > 1e-4 ? [k] : []));
      expect(big.length).toBe(1);
      positions[big[0]]++;
    }
    // Pearson's χ² against the uniform law on fanIn + 1 positions (4 degrees of freedom; 0.1% quantile 18.5).
    const e = fanOut / (fanIn + 1);
    const chi2 = positions.reduce((s, o) => s + (o - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(18.5);
  }, 60_000); // 60,000 rows checked one by one: seconds on a busy 2-core machine

  it('draws the chosen entry from Beta(2, 1): mean 2/3, variance 1/18, CDF x²', () => {
    const p: number[] = [];
    for (let j = 0; j < fanOut; j++) p.push(Math.max(...tiny.row(j)));
    const m = mean(p);
    expect(Math.abs(m - 2 / 3)).toBeLessThan(5 * Math.sqrt(1 / 18 / fanOut));
    const v = p.reduce((s, x) => s + (x - m) ** 2, 0) / (fanOut - 1);
    // The variance of a sample variance is (μ₄ − σ⁴)/n; Beta(2, 1) has μ₄ = 1/135.
    expect(Math.abs(v - 1 / 18)).toBeLessThan(5 * Math.sqrt((1 / 135 - 1 / 324) / fanOut));
    // Kolmogorov–Smirnov distance to F(x) = x² (the 0.1% critical value is 1.95 / √n).
    p.sort((a, b) => a - b);
    let d = 0;
    p.forEach((x, i) => {
      d = Math.max(d, Math.abs((i + 1) / fanOut - x * x), Math.abs(i / fanOut - x * x));
    });
    expect(d).toBeLessThan(1.95 / Math.sqrt(fanOut));
  });

  it('draws the other entries from N(0, σ²/fanIn) with σ = 0.6007 by default', () => {
    // Over the choice of position, each entry of V_j is P with probability 1/(n+1) and Q otherwise (n = fanIn), so
    // E[v] = (2/3)/(n+1) and E[v²] = (1/2)/(n+1) + (n/(n+1))·σ²/n, for kernel and bias entries alike.
    const n = 3;
    const units = 200000;
    const sigma2 = 0.6007 ** 2;
    const { kernel, bias } = draw(n, units, 5);
    const ev = 2 / 3 / (n + 1);
    const ev2 = 0.5 / (n + 1) + sigma2 / (n + 1);
    for (const [name, xs] of [
      ['kernel', kernel],
      ['bias', bias],
    ] as const) {
      const m1 = mean(xs);
      const m2 = mean(Array.from(xs, (x) => x * x));
      const sd = Math.sqrt(ev2 - ev * ev);
      expect(Math.abs(m1 - ev), name).toBeLessThan((5 * sd) / Math.sqrt(xs.length));
      expect(Math.abs(m2 / ev2 - 1), name).toBeLessThan(0.02);
    }
    // The entries left to Q alone: the negative ones are half of Q's mass, with E[q² | q < 0] = σ²/n.
    const neg = Array.from(kernel).filter((x) => x < 0);
    expect(Math.abs(neg.length / kernel.length - 0.5 * (n / (n + 1)))).toBeLessThan(0.005);
    expect(Math.abs(mean(neg.map((x) => x * x)) / (sigma2 / n) - 1)).toBeLessThan(0.02);
  });

  it('without a bias, chooses the positive entry among the weights only', () => {
    const { kernelInitializer, biasInitializer } = randomizedAsymmetric({ useBias: false, scale: 1e-9 });
    const units = 3000;
    const kernel = new Float32Array(2 * units);
    const rng = createRng(3);
    kernelInitializer.fill(kernel, 2, units, rng);
    let first = 0;
    for (let j = 0; j < units; j++) {
      const big = [kernel[j], kernel[units + j]].filter((v) => v > 1e-4);
      expect(big.length).toBe(1);
      if (kernel[j] > 1e-4) first++;
    }
    expect(Math.abs(first / units - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / units));
    expect(() => biasInitializer.fill(new Float32Array(units), 2, units, rng)).toThrow(ValidationError);
  });

  it('works as a dense layer option, is reproducible, and survives the config round trip', () => {
    const build = (seed: number) =>
      sequential({
        inputShape: [3],
        seed,
        layers: [dense(5, { ...randomizedAsymmetric() }), dense(2, { ...randomizedAsymmetric() })],
      });
    const values = (seed: number) =>
      build(seed)
        .paramRefs()
        .map((r) => Array.from(r.param.value));
    expect(values(7)).toEqual(values(7));
    expect(values(7)).not.toEqual(values(8));
    const { kernelInitializer, biasInitializer } = randomizedAsymmetric({ scale: 0.5 });
    const k2 = initializerFromConfig(JSON.parse(JSON.stringify(kernelInitializer.config())));
    const b2 = initializerFromConfig(JSON.parse(JSON.stringify(biasInitializer.config())));
    const fill = (k: typeof k2, b: typeof b2) => {
      const rng = createRng(4);
      const kernel = new Float32Array(12);
      const bias = new Float32Array(4);
      k.fill(kernel, 3, 4, rng);
      b.fill(bias, 3, 4, rng);
      return [...kernel, ...bias];
    };
    expect(fill(k2, b2)).toEqual(fill(kernelInitializer, biasInitializer));
    // Model JSON keeps both halves; loading rebuilds the layers (kernel, then bias) and restores the saved weights.
    const model = build(7);
    const loaded = loadModel(serializeModel(model));
    expect(loaded.paramRefs().map((r) => Array.from(r.param.value))).toEqual(values(7));
    expect((loaded.layers[0] as ReturnType<typeof dense>).settings.biasInitializer.type).toBe('randomized-asymmetric-bias');
  });

  it('rejects a bias fill that does not follow its kernel fill, and bad options', () => {
    const { kernelInitializer, biasInitializer } = randomizedAsymmetric();
    const rng = createRng(1);
    expect(() => biasInitializer.fill(new Float32Array(4), 3, 4, rng)).toThrow(/right after its kernel/);
    kernelInitializer.fill(new Float32Array(12), 3, 4, rng);
    expect(() => biasInitializer.fill(new Float32Array(5), 3, 5, rng)).toThrow(/right after its kernel/);
    expect(() => dense(2, { kernelInitializer: heNormal(), biasInitializer }).build([3], { rng: createRng(1) } as never)).toThrow(
      ValidationError,
    );
    expect(() => randomizedAsymmetric({ scale: 0 })).toThrow(/scale must be > 0/);
    expect(() => randomizedAsymmetric({ sigma: 1 } as never)).toThrow(/unknown option "sigma"/);
    expect(() => randomizedAsymmetric({ useBias: 1 } as never)).toThrow(/useBias must be true or false/);
  });
});
