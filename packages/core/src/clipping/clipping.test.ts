import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { type OptimizerConfig, optimizerFromConfig } from '../optimizers';
import { loadModel, serializeModel } from '../serialization';
import { tensor } from '../tensor';
import { kernelFromTorch, torchNames, torchTanhMlp } from '../../test/support/torch-tanh-mlp';
import { type GradClip, clipGradNorm, clipGradValue, gradNorm, resolveGradClip } from '.';

// Made by test/fixtures/make-grad-clip.py with torch.nn.utils.clip_grad_norm_ / clip_grad_value_.
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/grad-clip.json', import.meta.url), 'utf8')) as {
  functions: {
    kind: 'norm' | 'value';
    maxNorm?: number;
    normType?: number | 'Infinity';
    value?: number;
    grads: number[][];
    total?: number;
    clipped: number[][];
  }[];
  start: Record<string, unknown>;
  x: number[][];
  y: number[][];
  training: { optimizer: OptimizerConfig; clipGrad: GradClip; norms: number[]; final: Record<string, unknown> }[];
};

function closeArrays(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tol);
}

describe('clipGradNorm / clipGradValue against PyTorch', () => {
  for (const c of fixture.functions) {
    const label = c.kind === 'norm' ? `norm ${c.normType}, maxNorm ${c.maxNorm}` : `value ${c.value}`;
    it(`matches torch for ${label}`, () => {
      const grads = c.grads.map((g) => Float32Array.from(g));
      if (c.kind === 'norm') {
        const p = c.normType === 'Infinity' ? Number.POSITIVE_INFINITY : (c.normType as number);
        const total = clipGradNorm(grads, c.maxNorm as number, p);
        expect(total).toBeCloseTo(c.total as number, 5);
        expect(Math.abs(total - (c.total as number)) / (c.total as number)).toBeLessThan(1e-6);
      } else {
        clipGradValue(grads, c.value as number);
      }
      for (let k = 0; k < grads.length; k++) {
        closeArrays(grads[k], c.clipped[k], 1e-6 * Math.max(1, ...c.clipped[k].map(Math.abs)));
      }
    });
  }

  it('leaves gradients under the limit bit-identical and returns their norm', () => {
    const g = Float32Array.from([3, 4]);
    expect(clipGradNorm([g], 5 + 1e-3)).toBe(5);
    expect(Array.from(g)).toEqual([3, 4]);
    expect(gradNorm([Float32Array.from([1, -2]), Float32Array.from([2])], 1)).toBe(5);
    expect(gradNorm([Float32Array.from([1, -7]), Float32Array.from([2])], Number.POSITIVE_INFINITY)).toBe(7);
  });

  it('lets a NaN gradient spread as torch does (error_if_nonfinite=False), and keeps NaN under value clipping', () => {
    const g = Float32Array.from([1, Number.NaN]);
    expect(clipGradNorm([g], 1)).toBeNaN();
    expect(Number.isNaN(g[0])).toBe(true);
    const v = Float32Array.from([Number.NaN, 5, -5, 0.5]);
    clipGradValue([v], 1);
    expect(Array.from(v)).toEqual([Number.NaN, 1, -1, 0.5]);
  });
});

describe('resolveGradClip', () => {
  it('fills in the norm type and rejects bad options with the fix', () => {
    expect(resolveGradClip({ maxNorm: 1 })).toEqual({ kind: 'norm', maxNorm: 1, normType: 2 });
    expect(resolveGradClip({ maxNorm: 1, normType: Number.POSITIVE_INFINITY }).kind).toBe('norm');
    expect(resolveGradClip({ value: 0.5 })).toEqual({ kind: 'value', value: 0.5 });
    const bad: unknown[] = [
      null,
      {},
      { maxNorm: 1, value: 1 },
      { maxNorm: 0 },
      { maxNorm: Number.NaN },
      { value: -1 },
      { maxNorm: 1, normType: 0.5 },
      { value: 1, normType: 2 },
      { maxnorm: 1 },
    ];
    for (const b of bad) expect(() => resolveGradClip(b as GradClip)).toThrow(ValidationError);
    expect(() => resolveGradClip({} as GradClip)).toThrow(/exactly one of maxNorm and value/);
  });
});

const mlp = () => torchTanhMlp(fixture.start);

describe('compile({ clipGrad }) trains as torch clips between backward() and step()', () => {
  const x = tensor(fixture.x);
  const y = tensor(fixture.y);
  for (const run of fixture.training) {
    it(`${run.optimizer.type} with ${JSON.stringify(run.clipGrad)}`, () => {
      const m = mlp();
      m.compile({ loss: 'mse', optimizer: optimizerFromConfig(run.optimizer), clipGrad: run.clipGrad });
      expect(m.gradNorm()).toBeNaN();
      const norms: number[] = [];
      for (let s = 0; s < 6; s++) {
        m.trainBatch(x, y);
        norms.push(m.gradNorm());
      }
      if ('maxNorm' in run.clipGrad) closeArrays(norms, run.norms, 2e-6 * Math.max(...run.norms));
      else expect(norms.every(Number.isNaN)).toBe(true);
      const w = m.getWeights();
      for (const [torchName, path] of Object.entries(torchNames)) {
        const expected = torchName.endsWith('weight')
          ? kernelFromTorch(run.final, torchName)
          : (run.final[torchName] as number[]);
        closeArrays(w[path].data, expected, 2e-6);
      }
      // The same run without clipping ends far from torch's clipped weights: the clipping is what matched.
      const free = mlp();
      free.compile({ loss: 'mse', optimizer: optimizerFromConfig(run.optimizer) });
      for (let s = 0; s < 6; s++) free.trainBatch(x, y);
      const unclipped = free.getWeights()['layers.4.bias'].data;
      const gap = Math.max(...Array.from(unclipped, (v, i) => Math.abs(v - (run.final['4.bias'] as number[])[i])));
      expect(gap).toBeGreaterThan(1e-3);
    });
  }

  it('is saved in model JSON and restored on load ("inf" for an infinite norm type)', () => {
    for (const clip of [{ maxNorm: 0.5, normType: Number.POSITIVE_INFINITY }, { value: 0.1 }] as GradClip[]) {
      const m = mlp();
      m.compile({ loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 }, clipGrad: clip });
      const json = JSON.parse(serializeModel(m));
      if ('maxNorm' in clip) expect(json.training.clipGrad).toEqual({ maxNorm: 0.5, normType: 'inf' });
      const loaded = loadModel(json);
      expect(loaded.training?.clipGrad).toEqual(m.training?.clipGrad);
      // and it acts: one step of each gives the same weights
      m.trainBatch(tensor(fixture.x), tensor(fixture.y));
      loaded.trainBatch(tensor(fixture.x), tensor(fixture.y));
      expect(loaded.getWeights()).toEqual(m.getWeights());
    }
    const m = mlp();
    m.compile({ loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 } });
    expect(JSON.parse(serializeModel(m)).training.clipGrad).toBeUndefined();
    const bad = JSON.parse(serializeModel(m));
    bad.training.clipGrad = { maxNorm: -2 };
    expect(() => loadModel(bad)).toThrow(/clipGrad/);
  });

  it('rejects bad clipGrad at compile time', () => {
    expect(() =>
      mlp().compile({ loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 }, clipGrad: { maxNorm: -1 } }),
    ).toThrow(/maxNorm must be a finite number > 0/);
  });
});
