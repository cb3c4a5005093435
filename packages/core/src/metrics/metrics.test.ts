import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { dense } from '../builtin-layers';
import { sequential } from '../model';
import { sgd } from '../optimizers';
import { Tensor } from '../tensor';
import type { Metric, MetricValue } from './contract';
import { f1, metricFromName, precision, recall, resolveMetrics } from './index';

interface Case {
  readonly name: string;
  readonly loss: string;
  readonly rows: number;
  readonly cols: number;
  readonly pred: number[];
  readonly target: number[];
  readonly expected: Record<string, MetricValue>;
}

// Made by test/fixtures/make-metrics.py: float64 numpy from a confusion matrix, independent of this code.
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/metrics.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

function metricFor(key: string): Metric {
  const perClass = key.match(/^(precision|recall|f1)-per-class$/);
  if (perClass) return { precision, recall, f1 }[perClass[1] as 'precision']({ average: 'none' });
  return metricFromName(key as never);
}

/** Feeds the rows in chunks of `chunk`, as `evaluate` does for large inputs. */
function run(metric: Metric, c: Case, chunk: number): MetricValue {
  const acc = metric.create({ lossName: c.loss, cols: c.cols });
  const pred = Float32Array.from(c.pred);
  const target = Float32Array.from(c.target);
  for (let start = 0; start < c.rows; start += chunk) {
    const end = Math.min(c.rows, start + chunk);
    acc.update(pred.subarray(start * c.cols, end * c.cols), target.subarray(start * c.cols, end * c.cols), end - start, c.cols);
  }
  return acc.result();
}

function expectValue(actual: MetricValue | undefined, expected: MetricValue): void {
  if (typeof expected === 'number') {
    expect(actual).toBeTypeOf('number');
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
  } else {
    expect(actual).toHaveLength(expected.length);
    for (const [i, e] of expected.entries()) expect(Math.abs((actual as number[])[i] - e)).toBeLessThanOrEqual(1e-12);
  }
}

describe('metrics against the float64 numpy fixture', () => {
  for (const c of fixture.cases) {
    for (const [key, expected] of Object.entries(c.expected)) {
      it(`${c.name}: ${key}, in one piece and in chunks of 7 rows`, () => {
        expectValue(run(metricFor(key), c, c.rows), expected);
        expectValue(run(metricFor(key), c, 7), expected);
      });
    }
  }
});

describe('metrics by hand', () => {
  it('scores a class that is never predicted as 0 precision (no division by zero)', () => {
    // targets 0,0,1,2; predictions 0,1,1,1 → class 2: tp 0, fp 0, fn 1 ; class 1: tp 1, fp 2
    const pred = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0]);
    const target = Float32Array.from([1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const value = (m: Metric) => {
      const acc = m.create({ lossName: 'softmax-cross-entropy', cols: 3 });
      acc.update(pred, target, 4, 3);
      return acc.result();
    };
    expect(value(precision({ average: 'none' }))).toEqual([1, 1 / 3, 0]);
    expect(value(recall({ average: 'none' }))).toEqual([0.5, 1, 0]);
    expect(value(f1({ average: 'none' }))).toEqual([2 / 3, 0.5, 0]);
    expect(value(precision())).toBeCloseTo((1 + 1 / 3) / 3, 15);
  });

  it('scores R² of a constant target as sklearn does: 1 when exact, else 0', () => {
    const r2 = metricFromName('r2');
    const exact = r2.create({ lossName: 'mse', cols: 1 });
    exact.update(Float32Array.from([2, 2]), Float32Array.from([2, 2]), 2, 1);
    expect(exact.result()).toBe(1);
    const off = r2.create({ lossName: 'mse', cols: 1 });
    off.update(Float32Array.from([2, 3]), Float32Array.from([2, 2]), 2, 1);
    expect(off.result()).toBe(0);
  });

  it('thresholds a single output at 0 for logits and at 0.5 otherwise', () => {
    const pred = Float32Array.from([0.3]);
    const target = Float32Array.from([0]);
    const acc = (lossName: string) => {
      const a = metricFromName('binary-accuracy').create({ lossName, cols: 1 });
      a.update(pred, target, 1, 1);
      return a.result();
    };
    expect(acc('bce-with-logits')).toBe(0); // logit 0.3 → class 1
    expect(acc('mse')).toBe(1); // value 0.3 → class 0
  });
});

describe('metric errors', () => {
  it('rejects unknown names, duplicates and a mismatched average with clear errors', () => {
    expect(() => resolveMetrics(['accuracy', 'auc' as never])).toThrow(/unknown metric "auc"/);
    expect(() => resolveMetrics(['f1', f1()])).toThrow(/listed twice/);
    expect(() => precision({ average: 'micro' as never })).toThrow(ValidationError);
    expect(() => precision({ average: 'binary' }).create({ lossName: 'softmax-cross-entropy', cols: 3 })).toThrow(
      /'macro' or 'none'/,
    );
    expect(() => metricFromName('categorical-accuracy').create({ lossName: 'bce-with-logits', cols: 1 })).toThrow(
      /binary-accuracy/,
    );
  });
});

/** A model whose outputs equal its inputs (dense with an identity kernel and zero bias), so `evaluate` scores `x`. */
function identityModel(cols: number) {
  const model = sequential({ inputShape: [cols], layers: [dense(cols)] });
  const [kernel, bias] = model.paramRefs().map((r) => r.param);
  kernel.value.fill(0);
  for (let j = 0; j < cols; j++) kernel.value[j * cols + j] = 1;
  bias.value.fill(0);
  return model;
}

describe('compile({ metrics }) in evaluate and the epoch logs', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: evaluate reports every fixture metric`, () => {
      const model = identityModel(c.cols).compile({
        loss: c.loss as never,
        optimizer: sgd({ learningRate: 0 }),
        metrics: Object.keys(c.expected).map(metricFor),
      });
      const x = new Tensor(Float32Array.from(c.pred), [c.rows, c.cols]);
      const y = new Tensor(Float32Array.from(c.target), [c.rows, c.cols]);
      const { metrics } = model.evaluate(x, y);
      for (const [key, expected] of Object.entries(c.expected)) expectValue(metrics?.[key], expected);
    });
  }

  it('puts training and validation metrics in each epoch log, equal to evaluate with the final weights', async () => {
    const c = fixture.cases[0];
    const x = new Tensor(Float32Array.from(c.pred), [c.rows, c.cols]);
    const y = new Tensor(Float32Array.from(c.target), [c.rows, c.cols]);
    const model = identityModel(c.cols).compile({
      loss: 'softmax-cross-entropy',
      optimizer: sgd({ learningRate: 0.1 }),
      metrics: ['accuracy', 'f1'],
    });
    const history = await model.fit(x, y, { epochs: 2, batchSize: 8, validationData: [x, y] });
    const last = history.epochs[1];
    const now = model.evaluate(x, y).metrics;
    expect(last.metrics).toEqual(now);
    expect(last.valMetrics).toEqual(now);
    expect(history.epochs[0].metrics?.f1).toBeTypeOf('number');
  });

  it('leaves the results unchanged without metrics (no metrics key)', () => {
    const model = identityModel(2).compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.1 }) });
    const r = model.evaluate(new Tensor(Float32Array.from([1, 2]), [1, 2]), new Tensor(Float32Array.from([1, 2]), [1, 2]));
    expect(r).toEqual({ loss: 0 });
  });
});
