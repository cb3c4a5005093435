import { describe, expect, it } from 'vitest';
import { defineActivation } from '../activation/define';
import { RectifyError, ValidationError } from '../errors';
import { activation, dense, residual } from '../builtin-layers';
import { sgd } from '../optimizers';
import { Tensor, tensor } from '../tensor';
import { sequential } from './sequential';

function errorOf(fn: () => unknown): RectifyError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RectifyError);
    return e as RectifyError;
  }
  throw new Error('expected a RectifyError, but nothing was thrown');
}

/** One weight w = 1 (no bias) trained with plain SGD on one row, so the single update is known in closed form. */
function oneWeight(learningRate: number) {
  const model = sequential({ inputShape: [1], layers: [dense(1, { useBias: false })] });
  model.paramRefs()[0].param.value[0] = 1;
  return model.compile({ loss: 'mse', optimizer: sgd({ learningRate }) });
}

describe('training never reports success over broken weights', () => {
  it('a last update that makes the weights infinite stops as diverged, though the loss read before it was finite', async () => {
    // x = 1e18, y = 0: loss (w·x)² = 1e36 is finite; dL/dw = 2·w·x² = 2e36; w − 1000 · 2e36 = −2e39, beyond float32.
    const model = oneWeight(1000);
    const history = await model.fit(tensor([[1e18]]), tensor([[0]]), { epochs: 1, batchSize: 1, shuffle: false });
    expect(model.paramRefs()[0].param.value[0]).toBe(Number.NEGATIVE_INFINITY);
    expect(history.stopReason).toBe('diverged');
    expect(history.message).toBe(
      'diverged at step 1: the update made the weights non-finite (layers.0.kernel[0] = -Infinity); lower the learning rate',
    );
    expect(history.epochs).toEqual([]);
  });

  it('the same run with a learning rate the weights survive completes (w = 1 − 0.1 · 2e36 ≈ −2e35 stays finite)', async () => {
    const model = oneWeight(0.1);
    const history = await model.fit(tensor([[1e18]]), tensor([[0]]), { epochs: 1, batchSize: 1, shuffle: false });
    expect(history.stopReason).toBe('completed');
    expect(Math.abs(model.paramRefs()[0].param.value[0] / -2e35 - 1)).toBeLessThan(1e-6);
  });

  it('streaming fit: the same last update stops as diverged, and bad targets in a batch are refused', async () => {
    const model = oneWeight(1000);
    const history = await model.fit([{ x: tensor([[1e18]]), y: tensor([[0]]) }], { epochs: 1 });
    expect(history.stopReason).toBe('diverged');
    expect(history.message).toMatch(/the update made the weights non-finite \(layers\.0\.kernel\[0\] = -Infinity\)/);
    const bce = sequential({ inputShape: [1], layers: [dense(1)] }).compile({
      loss: 'bce-with-logits',
      optimizer: sgd({ learningRate: 0.1 }),
    });
    await expect(bce.fit([{ x: tensor([[1]]), y: tensor([[3]]) }], { epochs: 1 })).rejects.toMatchObject({
      code: 'INVALID_TARGET',
      message: expect.stringMatching(/^fit: batch 0: y: target 3 at row 0, column 0 is outside \[0, 1\]/),
    });
  });

  it('a second fit while one runs is a clear error, and fit works again once the first resolves', async () => {
    const model = oneWeight(0.01);
    const x = tensor([[1], [2]]);
    const y = tensor([[2], [4]]);
    const first = model.fit(x, y, { epochs: 3, batchSize: 1, onBatchEnd: () => new Promise((r) => setTimeout(r, 1)) });
    await expect(model.fit(x, y, { epochs: 1 })).rejects.toMatchObject({
      code: 'FIT_IN_PROGRESS',
      message: expect.stringMatching(/already training/),
    });
    expect((await first).steps).toBe(6);
    expect((await model.fit(x, y, { epochs: 1 })).stopReason).toBe('completed');
  });
});

describe('targets are validated per loss', () => {
  const classifier = (loss: 'bce-with-logits' | 'softmax-cross-entropy' | 'mse') =>
    sequential({ inputShape: [2], layers: [dense(2)] }).compile({ loss, optimizer: sgd({ learningRate: 0.1 }) });
  const x = tensor([
    [1, 0],
    [0, 1],
  ]);

  it('binary cross-entropy refuses targets outside [0, 1], naming row and column', async () => {
    const model = classifier('bce-with-logits');
    const y = tensor([
      [0, 1],
      [1, 2],
    ]);
    await expect(model.fit(x, y, { epochs: 1 })).rejects.toMatchObject({
      code: 'INVALID_TARGET',
      message: 'fit: y: target 2 at row 1, column 1 is outside [0, 1]; bce-with-logits needs 0/1 labels or probabilities',
    });
    expect(errorOf(() => model.evaluate(x, y)).code).toBe('INVALID_TARGET');
    expect(errorOf(() => model.trainBatch(x, y)).code).toBe('INVALID_TARGET');
  });

  it('softmax cross-entropy refuses rows that are not probability distributions, and accepts soft labels', async () => {
    const model = classifier('softmax-cross-entropy');
    const notSummingToOne = tensor([
      [0.5, 0.2],
      [0, 1],
    ]);
    expect(errorOf(() => model.trainBatch(x, notSummingToOne)).message).toMatch(/target row 0 sums to 0\.7\d*, not 1/);
    const negative = tensor([
      [1, 0],
      [-0.5, 1.5],
    ]);
    expect(errorOf(() => model.evaluate(x, negative)).message).toMatch(/target -0\.5 at row 1, column 0 is outside \[0, 1\]/);
    const soft = tensor([
      [0.7, 0.3],
      [0.1, 0.9],
    ]);
    expect(Number.isFinite(model.trainBatch(x, soft))).toBe(true);
  });

  it('mse accepts any finite target', () => {
    expect(
      Number.isFinite(
        classifier('mse').trainBatch(
          x,
          tensor([
            [-5, 7],
            [1e3, 0],
          ]),
        ),
      ),
    ).toBe(true);
  });
});

describe('arguments that are not Tensors get a typed error naming the argument', () => {
  const model = sequential({ inputShape: [2], layers: [dense(1)] }).compile({
    loss: 'mse',
    optimizer: sgd({ learningRate: 0.1 }),
  });

  it('plain arrays, typed arrays and tensor-like objects', async () => {
    const plain = errorOf(() => model.predict([[1, 2]] as unknown as Tensor));
    expect(plain).toBeInstanceOf(ValidationError);
    expect(plain.code).toBe('NOT_A_TENSOR');
    expect(plain.message).toMatch(/^predict: x must be a Tensor, got a plain array; convert nested arrays with tensor/);
    await expect(model.fit(tensor([[1, 2]]), Float32Array.of(1) as unknown as Tensor, { epochs: 1 })).rejects.toMatchObject({
      code: 'NOT_A_TENSOR',
      message: expect.stringMatching(/^fit: y must be a Tensor, or class indices/),
    });
    const lying = Object.assign(Object.create(Tensor.prototype), { data: new Float32Array(3), shape: [2, 2] }) as Tensor;
    expect(errorOf(() => model.evaluate(lying, tensor([[1], [2]]))).message).toMatch(
      /^evaluate: x is a Tensor whose data \(a Float32Array of length 3\) does not fill its shape \[2, 2\]/,
    );
  });
});

describe('the model parameter limit', () => {
  it('is checked while building, before allocating, naming the layer, the parameter and its size', () => {
    const e = errorOf(() => sequential({ inputShape: [1000], layers: [dense(1000)], maxParameters: 1_000_999 }));
    expect(e.code).toBe('TOO_MANY_PARAMETERS');
    expect(e.message).toMatch(
      /^layers\.0 \(dense\): parameter bias of shape \[1000\] has 1000 values, which takes the model to 1001000 parameters, over the limit of 1000999/,
    );
    expect(sequential({ inputShape: [1000], layers: [dense(1000)], maxParameters: 1_001_000 }).paramRefs()).toHaveLength(2);
  });

  it('counts layers nested in residual bodies, and defaults to 2^24', () => {
    const nested = errorOf(() => sequential({ inputShape: [8], layers: [residual([dense(8), dense(8)])], maxParameters: 100 }));
    expect(nested.message).toMatch(
      /^layers\.0 \(residual\): residual body\.1: parameter kernel of shape \[8, 8\] has 64 values, which takes the model to 136 parameters, over the limit of 100/,
    );
    expect(errorOf(() => sequential({ inputShape: [4097], layers: [dense(4096)] })).message).toMatch(
      /^layers\.0 \(dense\): parameter kernel of shape \[4097, 4096\] has 16781312 values, .* over the limit of 16777216/,
    );
    expect(errorOf(() => sequential({ inputShape: [2], layers: [dense(1)], maxParameters: 0 })).message).toMatch(
      /maxParameters must be a positive integer/,
    );
  });
});

describe('hyper-parameters are finite float32 numbers within the plugin bounds', () => {
  const scaled = defineActivation({
    name: 'scaled',
    apiVersion: 1,
    params: { alpha: { default: 1, min: 0 } },
    cpu: {
      forward(x, y, { length, hyper }) {
        for (let i = 0; i < length; i++) y[i] = hyper.alpha * x[i];
      },
      backward(_x, _y, dy, dx, { length, hyper }) {
        for (let i = 0; i < length; i++) dx[i] = hyper.alpha * dy[i];
      },
    },
  });

  it('1e39 (finite in float64, Infinity in float32) is refused; the largest float32 is accepted', () => {
    expect(errorOf(() => scaled({ alpha: 1e39 })).message).toBe(
      'scaled: hyper-parameter "alpha" must be a float32 number (magnitude at most 3.4e38), got 1e+39',
    );
    expect(errorOf(() => activation(scaled, { alpha: -1 })).message).toMatch(/must be >= 0, got -1/);
    expect(scaled({ alpha: 3.4028234663852886e38 }).hyper.alpha).toBe(3.4028234663852886e38);
  });
});
