import { cpuBackend, createRng, sequential, sgd, Tensor } from '@rectify/core';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { conv2d, flatten } from '../src';
import { lenet, maxRelError } from './support';

const lenetOn = (matmul: 'js' | 'wasm') => lenet(relu, 11, cpuBackend({ kernels: { matmul } }));

describe("conv2d and max pooling follow core's matmul kernel switch", () => {
  it("the SIMD kernels (matmul 'wasm') and the plain-JavaScript paths (matmul 'js') train LeNet alike", () => {
    const rng = createRng(4);
    const x = new Tensor(
      Float32Array.from({ length: 8 * 784 }, () => rng.uniform()),
      [8, 1, 28, 28],
    );
    const y = new Tensor(
      Float32Array.from({ length: 80 }, (_, i) => (i % 10 === ((i / 10) % 10) >> 0 ? 1 : 0)),
      [8, 10],
    );
    const simd = lenetOn('wasm');
    const js = lenetOn('js');
    for (let step = 0; step < 3; step++) {
      simd.trainBatch(x, y);
      js.trainBatch(x, y);
    }
    const a = simd.predict(x).data;
    const b = js.predict(x).data;
    expect(maxRelError(a, b)).toBeLessThan(1e-4);
  });

  it("matmul 'js' takes conv2d off the SIMD kernel (its JavaScript GEMM rounds float64 products: other bits)", () => {
    const rng = createRng(8);
    const x = new Tensor(
      Float32Array.from({ length: 4 * 784 }, () => rng.normal()),
      [4, 1, 28, 28],
    );
    const conv = (matmul: 'js' | 'wasm') => {
      const model = sequential({ inputShape: [1, 28, 28], seed: 2, layers: [conv2d(6, 5, { padding: 2 }), flatten()] });
      model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.1 }), backend: cpuBackend({ kernels: { matmul } }) });
      return model.predict(x).data;
    };
    const simd = conv('wasm');
    const js = conv('js');
    expect(maxRelError(simd, js)).toBeLessThan(1e-5);
    expect(Array.from(simd)).not.toEqual(Array.from(js));
  });
});
