import { defaultRegistry, dense, type Layer, sequential, ShapeError, tensor, ValidationError } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import {
  avgPool2d,
  avgPool2dPlugin,
  conv2d,
  conv2dPlugin,
  flatten,
  flattenPlugin,
  globalAvgPool,
  globalAvgPoolPlugin,
  maxPool2d,
  maxPool2dPlugin,
} from '../src';
import { build } from './support';

describe('shapes are checked at build, naming the layer, the input and what does not fit', () => {
  it('conv2d rejects a non-image input', () => {
    expect(() => build(conv2d(4, 3), [10])).toThrow(ShapeError);
    expect(() => build(conv2d(4, 3), [10])).toThrow(/conv2d\(4, 3×3\): input shape \[10\].*\[channels, height, width\]/);
  });
  it('conv2d rejects a window larger than the padded input', () => {
    expect(() => build(conv2d(4, 5), [1, 3, 8])).toThrow(
      /conv2d\(4, 5×5\): input \[1, 3, 8\] is too small.*spans 5×5.*padded input is 3×8/,
    );
  });
  it('conv2d rejects channels that groups do not divide', () => {
    expect(() => build(conv2d(4, 3, { groups: 2 }), [3, 8, 8])).toThrow(/3 channels, not a multiple of groups \(2\)/);
  });
  it('conv2d rejects bad settings before allocating', () => {
    expect(() => conv2d(0, 3)).toThrow(ValidationError);
    expect(() => conv2d(4, 3, { groups: 3 })).toThrow(/groups must be a positive integer dividing filters \(4\)/);
    expect(() => conv2d(4, 0)).toThrow(/kernelSize must be an integer ≥ 1/);
    expect(() => conv2d(4, 3, { padding: 'same', strides: 2 })).not.toThrow();
    expect(() => build(conv2d(4, 3, { padding: 'same', strides: 2 }), [1, 8, 8])).toThrow(/padding 'same' needs strides 1/);
  });
  it('pools reject padding over half the window (as PyTorch)', () => {
    expect(() => maxPool2d(2, { padding: 2 })).toThrow(/at most half the window/);
  });
  it('global-avg-pool and flatten name bad inputs', () => {
    expect(() => build(globalAvgPool(), [4, 4])).toThrow(/global-avg-pool: input shape \[4, 4\]/);
  });
  it('a runner names the layer when the batch does not fit', () => {
    const layer = build(conv2d(2, 3), [1, 5, 5]);
    expect(() => layer.forward(tensor(new Array(2 * 25).fill(0), [1, 2, 5, 5]), false)).toThrow(
      /conv2d\(2, 3×3\): got input of shape \[1, 2, 5, 5\] but the layer expects \[batch, 1, 5, 5\]/,
    );
  });
  it('conv2d fans are PyTorch’s: fan-in C/groups·kh·kw', () => {
    const spec = conv2dPlugin.params?.(conv2dPlugin.validate(conv2d(6, [3, 2], { groups: 2 }).settings), {
      input: [4, 8, 8],
      children: [],
    });
    expect(spec?.[0]).toMatchObject({ shape: [6, 2, 3, 2], fanIn: 2 * 6, fanOut: 3 * 6 });
  });
});

describe('JSON config round-trips', () => {
  const cases: [string, () => Layer][] = [
    ['conv2d', () => conv2d(4, [3, 2], { strides: [2, 1], padding: [1, 0], dilation: 2, groups: 2, useBias: false })],
    ['conv2d same', () => conv2d(3, 3, { padding: 'same' })],
    ['max-pool2d', () => maxPool2d(3, { strides: 2, padding: 1 })],
    ['avg-pool2d', () => avgPool2d([2, 3])],
    ['global-avg-pool', () => globalAvgPool()],
    ['flatten', () => flatten()],
  ];
  const plugins = [conv2dPlugin, maxPool2dPlugin, avgPool2dPlugin, globalAvgPoolPlugin, flattenPlugin];
  for (const [name, make] of cases) {
    it(name, () => {
      const layer = make();
      const plugin = plugins.find((p) => p.type === layer.type);
      const again = plugin?.fromConfig(layer.config(), defaultRegistry);
      expect(again?.config()).toEqual(layer.config());
    });
  }
  it('rejects unknown fields', () => {
    expect(() => conv2dPlugin.fromConfig({ ...conv2d(2, 3).config(), kernal: 3 }, defaultRegistry)).toThrow(
      /unknown config field 'kernal'/,
    );
  });
});

describe('in a model', () => {
  it('builds a CNN from the per-sample input shape and reports the output shapes', () => {
    const model = sequential({
      inputShape: [1, 12, 12],
      seed: 1,
      layers: [conv2d(4, 3, { padding: 'same' }), maxPool2d(2), conv2d(8, 3), globalAvgPool(), dense(3)],
    });
    const y = model.predict(
      tensor(
        Array.from({ length: 2 * 144 }, (_, i) => Math.sin(i)),
        [2, 1, 12, 12],
      ),
    );
    expect(y.shape).toEqual([2, 3]);
    expect(Array.from(y.data).every(Number.isFinite)).toBe(true);
  });
});
