import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kernelFromTorch, torchNames, torchTanhMlp } from '../../test/support/torch-tanh-mlp';
import { ValidationError } from '../errors';
import { type OptimizerConfig, optimizerFromConfig } from '../optimizers';
import { loadModel, serializeModel } from '../serialization';
import { tensor } from '../tensor';

// Made by test/fixtures/make-l1.py with PyTorch: MSE + l1·Σ|W| (+ l2·ΣW²) over the weight matrices, autograd.
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/l1.json', import.meta.url), 'utf8')) as {
  start: Record<string, unknown>;
  x: number[][];
  y: number[][];
  training: {
    optimizer: OptimizerConfig;
    penalty: { l1: number; l2?: number };
    losses: number[];
    final: Record<string, unknown>;
  }[];
};

const mlp = () => torchTanhMlp(fixture.start);

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < b.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('compile({ l1 }) trains as PyTorch with l1·Σ|W| added to the loss', () => {
  const x = tensor(fixture.x);
  const y = tensor(fixture.y);
  for (const run of fixture.training) {
    it(`${run.optimizer.type} with ${JSON.stringify(run.penalty)}`, () => {
      const m = mlp();
      m.compile({ loss: 'mse', optimizer: optimizerFromConfig(run.optimizer), l2: 0, ...run.penalty });
      const losses: number[] = [];
      for (let s = 0; s < 6; s++) losses.push(m.trainBatch(x, y));
      expect(maxDiff(losses, run.losses)).toBeLessThan(2e-6 * Math.max(...run.losses));
      const w = m.getWeights();
      for (const [torchName, path] of Object.entries(torchNames)) {
        const expected = torchName.endsWith('weight')
          ? kernelFromTorch(run.final, torchName)
          : (run.final[torchName] as number[]);
        expect(maxDiff(w[path]!.data, expected), path).toBeLessThan(2e-6);
      }
      // Without the penalty the run ends measurably elsewhere: the L1 term is what matched.
      const free = mlp();
      free.compile({ loss: 'mse', optimizer: optimizerFromConfig(run.optimizer), l2: run.penalty.l2 ?? 0 });
      for (let s = 0; s < 6; s++) free.trainBatch(x, y);
      expect(maxDiff(free.getWeights()['layers.0.kernel']!.data, kernelFromTorch(run.final, '0.weight'))).toBeGreaterThan(1e-4);
    });
  }

  it('evaluate reports the data loss plus l1·Σ|W| over kernels only (biases are not penalised)', () => {
    const m = mlp();
    m.compile({ loss: 'mse', optimizer: optimizerFromConfig({ type: 'sgd', learningRate: 0.1 }), l1: 0.25 });
    const plain = mlp();
    plain.compile({ loss: 'mse', optimizer: optimizerFromConfig({ type: 'sgd', learningRate: 0.1 }) });
    let abs = 0;
    for (const [path, t] of Object.entries(m.getWeights()))
      if (path.endsWith('kernel')) for (const v of t.data) abs += Math.abs(v);
    expect(m.evaluate(x, y).loss).toBeCloseTo(plain.evaluate(x, y).loss + 0.25 * abs, 5);
  });

  it('is validated, saved in model JSON only when set, and restored on load', () => {
    const m = mlp();
    const sgd = optimizerFromConfig({ type: 'sgd', learningRate: 0.1 });
    expect(() => m.compile({ loss: 'mse', optimizer: sgd, l1: -1 })).toThrow(ValidationError);
    expect(() => m.compile({ loss: 'mse', optimizer: sgd, l1: Number.NaN })).toThrow(/l1 must be a finite number >= 0/);
    m.compile({ loss: 'mse', optimizer: sgd });
    expect(JSON.parse(serializeModel(m)).training).not.toHaveProperty('l1');
    m.compile({ loss: 'mse', optimizer: sgd, l1: 0.03 });
    const json = serializeModel(m);
    expect(JSON.parse(json).training.l1).toBe(0.03);
    expect(loadModel(json).training?.l1).toBe(0.03);
    const bad = JSON.parse(json);
    bad.training.l1 = -2;
    expect(() => loadModel(JSON.stringify(bad))).toThrow(/training\/l1.*must be >= 0/);
  });
});
