import { describe, expect, it } from 'vitest';
import { defaultState } from './defaults';
import type { PlaygroundState } from './types';
import { decodeState, encodeState } from './url';

describe('state in the URL', () => {
  it('round-trips a non-default state exactly', () => {
    const s: PlaygroundState = {
      ...defaultState,
      dataset: { ...defaultState.dataset, name: 'spirals', noise: 0.35, positiveFraction: 0.1, features: ['x1sq', 'sinx1'] },
      network: {
        residual: true,
        hidden: [
          { units: 32, activation: 'prelu', hyper: {} },
          { units: 7, activation: 'leaky-relu', hyper: { negativeSlope: 0.2 } },
        ],
      },
      training: { ...defaultState.training, biasInit: -5, learningRate: 0.3, optimizer: 'sgd', l1: 0.002 },
      backend: { kind: 'gpu', gpuMode: 'webgl2' },
      compare: ['relu', 'elu'],
    };
    const hash = encodeState(s);
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(decodeState(hash)).toEqual(s);
  });

  it('returns null for a hash without state and names the bad field of a broken one', () => {
    expect(decodeState('')).toBeNull();
    expect(decodeState('#other')).toBeNull();
    const bad = { ...defaultState, training: { ...defaultState.training, learningRate: -1 } };
    expect(() => decodeState(encodeState(bad))).toThrow('a learning rate of -1 is too small; use a number from 0.000001 to 10');
    expect(decodeState('#s=@@@')).toBeNull();
    expect(() => decodeState('#s=bm90IGpzb24')).toThrow(/readable/);
  });

  it('fills fields missing from an older link with the defaults', () => {
    const partial = `#s=${btoa(JSON.stringify({ dataset: { name: 'xor' } })).replace(/=+$/, '')}`;
    const s = decodeState(partial);
    expect(s?.dataset.name).toBe('xor');
    expect(s?.training).toEqual(defaultState.training);
  });
});
