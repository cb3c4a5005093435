import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../defaults';
import { glorotNormal, heNormal, lecunNormal } from '../initializers';
import type { Initializer } from '../initializers/contract';
import { activation, dense } from '../builtin-layers';
import type { Layer } from '../layers';
import { sequential } from '../model/sequential';
import { createRng } from '../random';
import { tensor } from '../tensor';
import { diagnose } from './diagnose';
import { testRelu } from './test-activations';

const WIDTH = 400;
const DEPTH = 6;

function stdOfDenseOutputs(init: () => Initializer): number[] {
  const layers: Layer[] = [];
  for (let i = 0; i < DEPTH; i++) layers.push(dense(WIDTH, { kernelInitializer: init() }), activation(testRelu));
  const model = sequential({
    inputShape: [WIDTH],
    seed: 3,
    registry: createDefaultRegistry().registerActivation(testRelu),
    layers,
  });
  const rng = createRng(9);
  const x = tensor(Array.from({ length: 200 }, () => Array.from({ length: WIDTH }, () => rng.normal())));
  return diagnose(model, x)
    .layers.filter((l) => l.type === 'dense')
    .map((l) => l.std);
}

// He et al. (2015): with zero biases and weights of variance v, a dense layer's pre-activation variance is
// fanIn · v · E[x²], and after a ReLU E[x²] is half the pre-activation variance. For N(0, 1) inputs the first
// layer's variance is fanIn · v, then each layer multiplies it by fanIn · v / 2: 1 for He (v = 2 / fanIn), 1/2 for
// Glorot and LeCun at fanIn = fanOut (v = 1 / fanIn), so their std shrinks by 1/√2 per layer.
describe('activation std at initialisation (diagnose on a fresh model)', () => {
  it.each([
    ['He', () => heNormal(), 2],
    ['Glorot', () => glorotNormal(), 1],
    ['LeCun', () => lecunNormal(), 1],
  ] as const)('%s: the pre-activation std of layer ℓ is √(fanIn·v) · √(fanIn·v/2)^(ℓ−1)', (_name, init, fanInTimesV) => {
    const stds = stdOfDenseOutputs(init);
    stds.forEach((s, l) => {
      const expected = Math.sqrt(fanInTimesV) * Math.sqrt(fanInTimesV / 2) ** l;
      expect(s / expected, `layer ${l + 1}`).toBeGreaterThan(0.85);
      expect(s / expected, `layer ${l + 1}`).toBeLessThan(1.15);
    });
  });
});
