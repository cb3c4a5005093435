import { describe, expect, it } from 'vitest';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import { defaultState } from './defaults';
import type { SequenceSpec } from './sequence-types';
import type { PlaygroundState } from './types';
import { decodeState, encodeState } from './url';

const registry = createPlaygroundRegistry(playgroundPlugins);
const b64 = (o: unknown): string => `#s=${Buffer.from(JSON.stringify(o)).toString('base64url')}`;

describe('the sequence view in the URL', () => {
  it('decodes a link made before the sequence view unchanged (no sequence field appears)', () => {
    // The JSON a page without the sequence view wrote, encoded by hand rather than by today's encoder.
    const old = { ...defaultState, scenario: 'high-lr-kills-relu' };
    const decoded = decodeState(b64(old), registry);
    expect(decoded).toEqual(old);
    expect(decoded && 'sequence' in decoded).toBe(false);
    expect(encodeState(decoded as PlaygroundState)).toBe(b64(old));
  });

  it('round-trips every data set, activation and recurrent init', () => {
    const specs: SequenceSpec[] = [
      { data: 'adding', length: 150, units: 100, activation: 'tanh', recurrentInit: 'gaussian' },
      { data: 'row-mnist', length: 28, units: 64, activation: 'relu', recurrentInit: 'identity' },
      { data: 'adding', length: 2, units: 1, activation: 'elu', recurrentInit: 'orthogonal' },
    ];
    for (const sequence of specs) {
      const s: PlaygroundState = { ...defaultState, sequence };
      expect(decodeState(encodeState(s), registry)).toEqual(s);
    }
  });

  it('fills missing sequence fields with the defaults and refuses bad ones in words', () => {
    expect(decodeState(b64({ ...defaultState, sequence: { recurrentInit: 'gaussian' } }), registry)?.sequence).toEqual({
      data: 'adding',
      length: 50,
      units: 32,
      activation: 'relu',
      recurrentInit: 'gaussian',
    });
    const bad = (sequence: unknown) => () => decodeState(b64({ ...defaultState, sequence }), registry);
    expect(bad({ length: 1 })).toThrow(/sequence length T/);
    expect(bad({ units: 1.5 })).toThrow(/recurrent units/);
    expect(bad({ data: 'pixels' })).toThrow(/data set must be one of adding, row-mnist/);
    expect(bad({ recurrentInit: 'he' })).toThrow(/recurrent init must be one of identity, orthogonal, gaussian/);
    expect(bad({ activation: 'nope' })).toThrow(/no activation called "nope"/);
    expect(bad({ activation: 'prelu' })).toThrow(/learnable parameters/);
    expect(bad([])).toThrow(/must be an object/);
  });
});
