import { ValidationError } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { defaultState } from './defaults';
import type { PlaygroundState } from './types';
import { decodeState, encodeState } from './url';

const toHash = (value: unknown): string =>
  `#s=${btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;

describe('hidden layer choices in the URL: norm, dropout, Maxout', () => {
  it('round-trips every choice exactly', () => {
    const s: PlaygroundState = {
      ...defaultState,
      network: {
        residual: false,
        hidden: [
          { units: 12, activation: 'relu', hyper: {}, norm: 'batch-norm', dropout: 0.25 },
          { units: 6, activation: 'relu', hyper: {}, unit: 'maxout', norm: 'layer-norm' },
          { units: 4, activation: 'tanh', hyper: {}, dropout: 0.5 },
        ],
      },
    };
    expect(decodeState(encodeState(s))).toStrictEqual(s);
  });

  it('decodes a link made before the choices existed to the same state, with no new fields', () => {
    // The JSON an older page wrote: hidden layers with units, activation and hyper only.
    const old = JSON.parse(JSON.stringify(defaultState));
    const back = decodeState(toHash(old));
    expect(back).toStrictEqual(defaultState);
    for (const h of back?.network.hidden ?? []) expect(Object.keys(h).sort()).toEqual(['activation', 'hyper', 'units']);
    expect(encodeState(back as PlaygroundState)).toBe(toHash(old));
  });

  it('leaves defaults out: dropout 0 reads back as no dropout', () => {
    const s = {
      ...defaultState,
      network: { residual: false, hidden: [{ units: 3, activation: 'relu', hyper: {}, dropout: 0 }] },
    };
    expect(decodeState(toHash(s))?.network.hidden[0]).toStrictEqual({ units: 3, activation: 'relu', hyper: {} });
  });

  it('names a bad choice and the fix', () => {
    const withLayer = (layer: Record<string, unknown>) => ({
      ...defaultState,
      network: { residual: false, hidden: [{ units: 3, activation: 'relu', hyper: {}, ...layer }] },
    });
    expect(() => decodeState(toHash(withLayer({ norm: 'group-norm' })))).toThrow(
      'hidden layer 1: there is no norm called "group-norm"; use one of batch-norm, layer-norm or leave it out',
    );
    expect(() => decodeState(toHash(withLayer({ dropout: 1 })))).toThrow(
      'hidden layer 1: the dropout rate must be a number from 0 (none) to 0.9',
    );
    expect(() => decodeState(toHash(withLayer({ dropout: '0.2' })))).toThrow(ValidationError);
    expect(() => decodeState(toHash(withLayer({ unit: 'conv' })))).toThrow(
      'hidden layer 1: there is no unit kind called "conv"; use "maxout" or leave it out',
    );
  });
});
