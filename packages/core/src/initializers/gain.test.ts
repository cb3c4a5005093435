import { describe, expect, it } from 'vitest';
import { calculateGain, defineActivation } from '../activation';
import { identity, sigmoid, tanh } from '../activations';
import { ValidationError } from '../errors';
import { createRng } from '../random';
import { initializerFromConfig } from './from-config';
import { glorotUniform } from './glorot';
import { heNormal, heUniform } from './he';

// A Leaky ReLU declared as a plugin author would: its gain is PyTorch's calculate_gain('leaky_relu', a).
const leaky = defineActivation({
  name: 'leaky-for-gain',
  apiVersion: 1,
  params: { negativeSlope: { default: 0.01 } },
  scalar: {
    forward: function leakyForward(x: number, a: number): number {
      return x > 0 ? x : a * x;
    },
    backward: function leakyBackward(x: number, _y: number, dy: number, a: number): number {
      return x > 0 ? dy : a * dy;
    },
  },
  initGain: (h) => Math.sqrt(2 / (1 + h.negativeSlope ** 2)),
});

function draw(init: ReturnType<typeof heNormal>, fanIn = 40, fanOut = 30): Float32Array {
  const out = new Float32Array(fanIn * fanOut);
  init.fill(out, fanIn, fanOut, createRng(9));
  return out;
}

describe('calculateGain (PyTorch calculate_gain) and initialisers scaled by it', () => {
  it("gives each activation's gain in closed form: tanh 5/3, sigmoid and identity 1, leaky ReLU √(2 / (1 + a²))", () => {
    expect(calculateGain(tanh)).toBe(5 / 3);
    expect(calculateGain(sigmoid)).toBe(1);
    expect(calculateGain(identity)).toBe(1);
    expect(calculateGain(leaky)).toBe(Math.sqrt(2 / (1 + 0.01 * 0.01)));
    expect(calculateGain(leaky({ negativeSlope: 0.2 }))).toBe(Math.sqrt(2 / 1.04));
  });

  it('He with the gain of a leaky ReLU draws bit for bit what He with its slope draws', () => {
    const bySlope = draw(heNormal({ negativeSlope: 0.2 }));
    const byGain = draw(heNormal({ gain: calculateGain(leaky({ negativeSlope: 0.2 })) }));
    expect(Array.from(byGain)).toEqual(Array.from(bySlope));
    expect(Array.from(draw(heUniform({ gain: Math.SQRT2 })))).toEqual(Array.from(draw(heUniform())));
  });

  it("scales the draw by the gain: Glorot with tanh's 5/3 is 5/3 times Glorot's, element for element", () => {
    const plain = draw(glorotUniform());
    const scaled = draw(glorotUniform({ gain: calculateGain(tanh) }));
    for (let i = 0; i < plain.length; i++) expect(scaled[i]).toBeCloseTo((5 / 3) * plain[i]!, 6);
  });

  it('keeps the gain in the JSON config and rebuilds the same initialiser from it', () => {
    const init = heNormal({ gain: 1.25, mode: 'fanOut' });
    expect(init.config()).toEqual({ type: 'he-normal', gain: 1.25, mode: 'fanOut' });
    expect(Array.from(draw(initializerFromConfig(init.config())))).toEqual(Array.from(draw(init)));
    expect(heNormal({ negativeSlope: 0.1 }).config()).toEqual({ type: 'he-normal', negativeSlope: 0.1, mode: 'fanIn' });
  });

  it('refuses a gain with a slope, a gain ≤ 0, and an activation without initGain', () => {
    expect(() => heNormal({ gain: 2, negativeSlope: 0.1 })).toThrow(/either gain or negativeSlope/);
    expect(() => heUniform({ gain: 0 })).toThrow(ValidationError);
    const noGain = defineActivation({
      name: 'no-gain',
      apiVersion: 1,
      scalar: {
        forward: function f(x: number): number {
          return x;
        },
        backward: function b(_x: number, _y: number, dy: number): number {
          return dy;
        },
      },
    });
    expect(() => calculateGain(noGain)).toThrow(/declares no initGain; pass the initialiser a gain yourself/);
  });
});
