import { createRequire } from 'node:module';
import { activation, adam, createRng, dense, heNormal, sequential, Tensor } from '@rectify/core';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { conv2d, flatten, maxPool2d } from '../src';

interface MnistDigit {
  readonly length: number;
  get(i: number): number[];
}

/** `n` digits of the `mnist` package (seeded shuffle), as NCHW images [n, 1, 28, 28] and one-hot labels. */
function digits(n: number, offset: number): { x: Tensor; y: Tensor } {
  const mnist = createRequire(import.meta.url)('mnist') as Record<number, MnistDigit>;
  const all: [number, number][] = [];
  for (let d = 0; d < 10; d++) for (let i = 0; i < mnist[d].length; i++) all.push([d, i]);
  const rng = createRng(3);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  const part = all.slice(offset, offset + n);
  const x = new Float32Array(n * 784);
  const y = new Float32Array(n * 10);
  part.forEach(([d, i], r) => {
    x.set(mnist[d].get(i), r * 784);
    y[r * 10 + d] = 1;
  });
  return { x: new Tensor(x, [n, 1, 28, 28]), y: new Tensor(y, [n, 10]) };
}

describe('LeNet-5-style network on MNIST (CPU backend)', () => {
  it('trains from chance to well above it on a small subset', async () => {
    const train = digits(600, 0);
    const test = digits(300, 600);
    const model = sequential({
      inputShape: [1, 28, 28],
      seed: 5,
      layers: [
        conv2d(6, 5, { padding: 2, kernelInitializer: heNormal() }),
        activation(relu),
        maxPool2d(2),
        conv2d(16, 5, { kernelInitializer: heNormal() }),
        activation(relu),
        maxPool2d(2),
        flatten(),
        dense(120, { kernelInitializer: heNormal() }),
        activation(relu),
        dense(84, { kernelInitializer: heNormal() }),
        activation(relu),
        dense(10),
      ],
    });
    model.compile({ loss: 'softmax-cross-entropy', optimizer: adam({ learningRate: 0.002 }) });
    const before = model.evaluate(test.x, test.y).accuracy ?? 0;
    await model.fit(train.x, train.y, { epochs: 4, batchSize: 32 });
    const after = model.evaluate(test.x, test.y).accuracy ?? 0;
    expect(before).toBeLessThan(0.25);
    expect(after).toBeGreaterThan(0.75);
  }, 120_000);
});
