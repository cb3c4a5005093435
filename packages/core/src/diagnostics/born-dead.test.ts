import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../defaults';
import { heNormal } from '../initializers';
import type { Initializer } from '../initializers/contract';
import { activation, dense } from '../builtin-layers';
import type { Layer } from '../layers';
import { sequential } from '../model/sequential';
import { tensor } from '../tensor';
import { bornDeadCheck } from './born-dead';
import { testLeakyRelu, testRelu } from './test-activations';

const registry = createDefaultRegistry().registerActivation(testRelu).registerActivation(testLeakyRelu);

/** 1 → width → … → width → 1, `depth` hidden layers of dense + activation, zero biases. */
function mlp(width: number, depth: number, seed: number, act = testRelu, init: () => Initializer = () => heNormal()) {
  const layers: Layer[] = [];
  for (let i = 0; i < depth; i++) layers.push(dense(width, { kernelInitializer: init() }), activation(act));
  layers.push(dense(1, { kernelInitializer: init() }));
  return sequential({ inputShape: [1], seed, registry, layers });
}

describe('bornDeadCheck', () => {
  it('finds the first layer that is zero for every probe row, and calls the output constant', () => {
    const model = mlp(3, 3, 1);
    // A bias of −100 kills every unit of the second hidden layer for inputs in [−1, 1].
    for (const { id, param } of model.paramRefs()) if (id === 'layers.2.bias') param.value.fill(-100);
    const report = bornDeadCheck(model, tensor([[-1], [0], [1]]));
    expect(report).toEqual({ bornDead: true, deadLayer: 'layers.3', deadLayerIndex: 3, outputConstant: true, outputSpread: 0 });
    const out = model.predict(tensor([[-1], [0], [1]])).data;
    expect(out[0]).toBe(out[1]);
    expect(out[1]).toBe(out[2]);
  });

  it('reports a live network with the spread of its output', () => {
    // A 1 → 1 → 1 network with weights 1 and zero biases is relu(x): spread 2 over {0, 1, 2}.
    const model = mlp(1, 1, 1);
    for (const { param } of model.paramRefs()) param.value.fill(param.value.length === 1 && param.name === 'kernel' ? 1 : 0);
    const report = bornDeadCheck(model, tensor([[0], [1], [2]]));
    expect(report).toEqual({ bornDead: false, deadLayer: null, deadLayerIndex: -1, outputConstant: false, outputSpread: 2 });
    expect(bornDeadCheck(model, tensor([[-1], [-2]]))).toMatchObject({ bornDead: true, deadLayer: 'layers.1' });
    expect(() => bornDeadCheck(model, tensor([[1, 2]]))).toThrow(/bornDeadCheck: x has shape \[1, 2\]/);
  });

  // With zero biases and symmetric, continuous weights, a unit fed a non-zero input h is off (w·h ≤ 0) with
  // probability 1/2, independently of the other units of its layer. On a probe of one ray {t·x, t > 0} every
  // hidden state is t times that of x, so each hidden layer kills the network with probability 2^−N and
  // P(born dead after L layers) = 1 − (1 − 2^−N)^L, the first dead layer being geometric.
  it.each([
    [2, 5],
    [3, 8],
  ])(
    'width %i, depth %i: the born-dead fraction over random He initialisations is 1 − (1 − 2^−N)^L',
    (width, depth) => {
      const n = 3000;
      const q = 2 ** -width;
      const probe = tensor([[0.5], [1], [2]]);
      let dead = 0;
      let deadAtFirst = 0;
      for (let seed = 1; seed <= n; seed++) {
        const r = bornDeadCheck(mlp(width, depth, seed), probe);
        expect(r.outputConstant).toBe(r.bornDead);
        if (r.bornDead) dead++;
        if (r.deadLayerIndex === 1) deadAtFirst++;
      }
      const p = 1 - (1 - q) ** depth;
      expect(Math.abs(dead / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
      expect(Math.abs(deadAtFirst / n - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / n));
    },
    60_000,
  ); // 3,000 model builds and probes: seconds on a busy 2-core machine

  it('Leaky ReLU is never born dead: a negative input still gives a non-zero output', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = bornDeadCheck(mlp(2, 20, seed, testLeakyRelu), tensor([[0.5], [1], [2]]));
      expect(r.bornDead).toBe(false);
    }
  });
});
