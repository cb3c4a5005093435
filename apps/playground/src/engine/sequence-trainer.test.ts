import { describe, expect, it } from 'vitest';
import { loadMnist } from '../data/mnist';
import { nodeDigitSource } from '../data/mnist-node';
import { type SequenceData, addingSequences, rowMnistSequences } from '../data/sequences';
import type { SequenceSpec } from '../state/sequence-types';
import { sequenceFrame } from '../worker/sequence-frames';
import { playgroundPlugins } from './plugins';
import { createPlaygroundRegistry } from './registry';
import { SequenceTrainer, sequenceTrainingDefaults } from './sequence-trainer';

const registry = createPlaygroundRegistry(playgroundPlugins);
const trainer = (spec: SequenceSpec, data: SequenceData, seed: number) =>
  new SequenceTrainer(spec, data, registry, { ...sequenceTrainingDefaults, seed });

describe('SequenceTrainer', () => {
  it('starts the recurrent matrix as asked: identity, or Gaussian with std 0.001 (sample std within 10%)', () => {
    const data = addingSequences(10, 64, 16, 1);
    const make = (recurrentInit: 'identity' | 'gaussian') =>
      trainer({ data: 'adding', length: 10, units: 40, activation: 'relu', recurrentInit }, data, 2);
    const eye = make('identity').model.layers[0].param('recurrentKernel').value;
    for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) expect(eye[i * 40 + j]).toBe(i === j ? 1 : 0);
    const g = make('gaussian').model.layers[0].param('recurrentKernel').value;
    const std = Math.sqrt(g.reduce((s, v) => s + v * v, 0) / g.length);
    expect(std).toBeGreaterThan(0.0009);
    expect(std).toBeLessThan(0.0011);
  });

  it('row MNIST: test accuracy is the share of argmax predictions that hit the one-hot label', async () => {
    const mnist = await loadMnist(
      { name: 'mnist', samples: 200, noise: 0, trainFraction: 0.5, positiveFraction: 0.5, seed: 4 },
      nodeDigitSource,
    );
    const data = rowMnistSequences(mnist);
    const t = trainer({ data: 'row-mnist', length: 28, units: 8, activation: 'tanh', recurrentInit: 'orthogonal' }, data, 1);
    for (let i = 0; i < 5; i++) t.trainStep();
    const logits = t.model.predict(data.test.x).data;
    let right = 0;
    for (let n = 0; n < 100; n++) {
      const row = Array.from(logits.subarray(n * 10, n * 10 + 10));
      if (data.test.y.data[n * 10 + row.indexOf(Math.max(...row))] === 1) right++;
    }
    expect(t.evaluateTest().accuracy).toBe(right / 100);
  });

  it("a frame carries the first examples' states, one flag per unit and one norm per step", () => {
    const data = addingSequences(12, 64, 40, 3);
    const t = trainer({ data: 'adding', length: 12, units: 6, activation: 'relu', recurrentInit: 'identity' }, data, 3);
    const f = sequenceFrame(t, 7, false, Number.NaN);
    expect([f.generation, f.steps, f.units, f.examples, f.probeRows, f.baseline]).toEqual([7, 12, 6, 8, 32, 1 / 6]);
    expect(f.states).toHaveLength(8 * 12 * 6);
    expect(f.dead).toHaveLength(6);
    expect(f.gradNorm).toHaveLength(12);
    expect(Number.isNaN(f.testAccuracy)).toBe(true);
  });
});
