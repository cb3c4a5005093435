import { describe, expect, it } from 'vitest';
import { createPlaygroundRegistry } from '../engine/registry';
import { playgroundPlugins } from '../engine/plugins';
import { stageShapes } from './conv-stages';
import { defaultState } from './defaults';
import type { PlaygroundState } from './types';
import { decodeState, encodeState } from './url';

const registry = createPlaygroundRegistry(playgroundPlugins);

/** A CNN on MNIST: conv 6@5×5 pad 2 → max pool → conv 16@5×5 → avg pool → dense 32. */
const cnn: PlaygroundState = {
  ...defaultState,
  dataset: { ...defaultState.dataset, name: 'mnist', samples: 2000 },
  network: {
    conv: [
      { kind: 'conv', channels: 6, kernel: 5, stride: 1, padding: 2, activation: 'relu' },
      { kind: 'pool', pool: 'max', size: 2 },
      { kind: 'conv', channels: 16, kernel: 5, stride: 1, padding: 0, activation: 'tanh' },
      { kind: 'pool', pool: 'avg', size: 2 },
    ],
    hidden: [{ units: 32, activation: 'relu', hyper: {} }],
    residual: false,
  },
};

describe('convolution stages in the state and the URL', () => {
  it('round-trip exactly through the link', () => {
    expect(decodeState(encodeState(cnn), registry)).toEqual(cnn);
  });

  it('leave a link made before CNNs existed decoding unchanged, with no conv field', () => {
    // Made by encodeState on main before this change (MNIST, one BatchNorm + ReLU layer of 32).
    const old =
      '#s=eyJkYXRhc2V0Ijp7Im5hbWUiOiJtbmlzdCIsInNhbXBsZXMiOjIwMDAsIm5vaXNlIjowLjEsInRyYWluRnJhY3Rpb24iOjAuNywicG9zaXRpdmVGcmFjdGlvbiI6MC41LCJzZWVkIjoxfSwibmV0d29yayI6eyJoaWRkZW4iOlt7InVuaXRzIjozMiwiYWN0aXZhdGlvbiI6InJlbHUiLCJoeXBlciI6e30sIm5vcm0iOiJiYXRjaC1ub3JtIn1dLCJyZXNpZHVhbCI6ZmFsc2V9LCJ0cmFpbmluZyI6eyJsZWFybmluZ1JhdGUiOjAuMDMsImJhdGNoU2l6ZSI6MTYsIm9wdGltaXplciI6ImFkYW0iLCJsb3NzIjoiYXV0byIsImtlcm5lbEluaXQiOiJoZU5vcm1hbCIsImJpYXNJbml0IjowLCJsMiI6MCwibDEiOjAsInNlZWQiOjQyfSwiYmFja2VuZCI6eyJraW5kIjoiY3B1IiwiZ3B1TW9kZSI6ImF1dG8ifSwiY29tcGFyZSI6W119';
    const s = decodeState(old, registry);
    expect(s?.network).toEqual({ hidden: [{ units: 32, activation: 'relu', hyper: {}, norm: 'batch-norm' }], residual: false });
    expect(s && 'conv' in s.network).toBe(false);
    expect(s && encodeState(s)).toBe(old);
    expect(decodeState(encodeState(defaultState), registry)).toEqual(defaultState);
  });

  it('give the feature-map shapes by the convolution arithmetic', () => {
    expect(stageShapes(cnn.network.conv ?? [], [1, 28, 28])).toEqual([
      [6, 28, 28],
      [6, 14, 14],
      [16, 10, 10],
      [16, 5, 5],
    ]);
    expect(
      stageShapes([{ kind: 'conv', channels: 4, kernel: 3, stride: 2, padding: 1, activation: 'relu' }], [1, 12, 12]),
    ).toEqual([[4, 6, 6]]);
  });

  it('are refused with a message naming the stage and the fix', () => {
    const withConv = (conv: unknown, name = 'mnist'): string =>
      encodeState({ ...cnn, dataset: { ...cnn.dataset, name }, network: { ...cnn.network, conv } } as PlaygroundState);
    expect(() => decodeState(withConv(cnn.network.conv, 'circles'), registry)).toThrow(/need an image data set.*not "circles"/);
    expect(() =>
      decodeState(
        withConv([
          { kind: 'conv', channels: 4, kernel: 9, padding: 0 },
          { kind: 'pool', size: 4 },
          { kind: 'conv', kernel: 7 },
        ]),
        registry,
      ),
    ).toThrow('convolution stage 3: a 7×7 kernel with padding 0 does not fit its 5×5 input');
    expect(() => decodeState(withConv([{ kind: 'conv', channels: 0 }]), registry)).toThrow(
      'convolution stage 1: a number of channels of 0 is too small',
    );
    expect(() => decodeState(withConv([{ kind: 'dense' }]), registry)).toThrow(
      'convolution stage 1: a stage is a "conv" or a "pool"',
    );
    expect(() => decodeState(withConv([{ kind: 'conv', activation: 'nope' }]), registry)).toThrow(
      'there is no activation called "nope"',
    );
    expect(() => decodeState(withConv([{ kind: 'pool', pool: 'min' }]), registry)).toThrow('pooling is "max" or "avg"');
  });
});
