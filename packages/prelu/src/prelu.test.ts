import { type HyperParams, type KernelContext, ValidationError } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { prelu } from './index';

const f32 = Math.fround;
const INF = Number.POSITIVE_INFINITY;
const TINY = f32(1e-40);

function ctx(
  length: number,
  hyper: HyperParams,
  slope: Float32Array,
  grad: Float32Array,
  channels = 1,
  inner = 1,
): KernelContext {
  return { length, channels, inner, hyper, params: { slope }, grads: { slope: grad } };
}

/** A deterministic spread of float32 values with both signs over many magnitudes. */
function sample(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => f32(Math.sin((i + 1) * seed) * 10 ** ((i % 5) - 2)));
}

// Shared slope a = 0.25, dy = 1: [x, y, dy/dx, d/da] hand-computed (d/da = min(x, 0)·dy, so 0 at x = 0).
const TABLE: [number, number, number, number][] = [
  [0, 0, 0.25, 0],
  [-0, -0, 0.25, 0],
  [TINY, TINY, 1, 0],
  [-TINY, f32(-TINY * 0.25), 0.25, -TINY],
  [1, 1, 1, 0],
  [-1, -0.25, 0.25, -1],
  [-6, -1.5, 0.25, -6],
  [INF, INF, 1, 0],
  [-INF, -INF, 0.25, -INF],
  [Number.NaN, Number.NaN, Number.NaN, Number.NaN],
];

describe('prelu plugin definition', () => {
  it('has the registry name, version and torch.nn.PReLU defaults', () => {
    expect(prelu.name).toBe('prelu');
    expect(prelu.version).toBe('0.1.0');
    expect(prelu.displayName).toBe('PReLU');
    const hyper = prelu.resolve();
    expect(hyper).toEqual({ numParameters: 1, init: 0.25 });
    expect(prelu.learnable.slope.size(hyper)).toBe(1);
    expect(prelu.learnable.slope.init(hyper)).toBe(0.25);
    expect(prelu.learnable.slope.size(prelu.resolve({ numParameters: 8 }))).toBe(8);
  });

  it('has d/dx(0) = a, d/da(0) = 0 and the gain sqrt(2 / (1 + init^2))', () => {
    expect(prelu.atZero?.dx(prelu.resolve(), { slope: 0.7 })).toBe(0.7);
    expect(prelu.atZero?.dParams?.slope?.(prelu.resolve(), { slope: 0.7 })).toBe(0);
    expect(prelu.initGain?.(prelu.resolve())).toBeCloseTo(Math.sqrt(2 / 1.0625), 15);
  });

  it('maps to ONNX PRelu-16 with the slope as its second input', () => {
    expect(prelu.export?.onnx?.(prelu.resolve())).toEqual({
      opType: 'PRelu',
      sinceVersion: 16,
      inputs: [{ learnable: 'slope' }],
    });
  });

  it.each([
    [{ numParameters: 0 }, /numParameters/],
    [{ numParameters: 1.5 }, /numParameters.*integer/],
    [{ numParameters: Number.NaN }, /numParameters/],
    [{ init: Number.NaN }, /init/],
    [{ init: INF }, /init/],
  ])('rejects %o with a ValidationError', (hyper, message) => {
    expect(() => prelu.resolve(hyper)).toThrow(ValidationError);
    expect(() => prelu.resolve(hyper)).toThrow(message);
  });
});

describe('prelu CPU kernels, shared slope', () => {
  it.each(TABLE)('x = %s gives y = %s, dx = %s, d/da = %s', (x, y, dx, da) => {
    const slope = Float32Array.of(0.25);
    const grad = new Float32Array(1);
    const xs = Float32Array.of(x);
    const ys = new Float32Array(1);
    const dxs = new Float32Array(1);
    prelu.cpu.forward(xs, ys, ctx(1, prelu.resolve(), slope, grad));
    prelu.cpu.backward(xs, ys, Float32Array.of(1), dxs, ctx(1, prelu.resolve(), slope, grad));
    expect(ys[0]!).toBe(y);
    expect(dxs[0]!).toBe(dx);
    expect(grad[0]!).toBe(f32(da) === 0 ? 0 : f32(da));
  });

  it.each([0.25, 0, 1, -0.5, -0, -3.012532097784544, -1e17, 1e17])(
    'matches the branchy form bit for bit for a = %s (-0 and ±1e17 use the branchy loop)',
    (a) => {
      const x = sample(1000, 12.9898);
      const y = new Float32Array(1000);
      const dx = new Float32Array(1000);
      const slope = Float32Array.of(a);
      const c = ctx(1000, prelu.resolve(), slope, new Float32Array(1));
      prelu.cpu.forward(x, y, c);
      prelu.cpu.backward(x, y, new Float32Array(1000).fill(1), dx, c);
      const af = slope[0]!;
      for (let i = 0; i < 1000; i++) {
        expect(y[i]!).toBe(f32(x[i]! > 0 ? x[i]! : af * x[i]!));
        expect(dx[i]!).toBe(f32(x[i]! > 0 ? 1 : af));
      }
    },
  );

  it('ADDS the slope gradient into grads (two backward calls give twice the sum)', () => {
    const x = Float32Array.of(-1, -2, 3);
    const dy = Float32Array.of(1, 0.5, 7);
    const grad = Float32Array.of(10);
    const c = ctx(3, prelu.resolve(), Float32Array.of(0.25), grad);
    const y = new Float32Array(3);
    const dx = new Float32Array(3);
    prelu.cpu.backward(x, y, dy, dx, c);
    expect(grad[0]!).toBe(10 - 1 - 1);
    prelu.cpu.backward(x, y, dy, dx, c);
    expect(grad[0]!).toBe(10 - 4);
  });

  it('reads and writes only [0, length)', () => {
    const x = Float32Array.of(1, -1, -7, 99, -99);
    const y = new Float32Array(5).fill(42);
    const dx = new Float32Array(5).fill(42);
    const grad = new Float32Array(1);
    const c = ctx(3, prelu.resolve(), Float32Array.of(0.25), grad);
    prelu.cpu.forward(x, y, c);
    prelu.cpu.backward(x, y, new Float32Array(5).fill(1), dx, c);
    expect(Array.from(y.subarray(3))).toEqual([42, 42]);
    expect(Array.from(dx.subarray(3))).toEqual([42, 42]);
    expect(grad[0]!).toBe(-8);
  });
});

describe('prelu CPU kernels, one slope per channel', () => {
  // [batch, channels, inner] layouts: a dense layer's output (inner 1) and a [channels, h, w]-like one.
  it.each([
    [4, 3, 1],
    [3, 4, 5],
  ])('batch %i × channels %i × inner %i: y, dx and per-channel slope gradients', (batch, channels, inner) => {
    const n = batch * channels * inner;
    const x = sample(n, 78.233);
    const dy = sample(n, 3.7);
    const slope = Float32Array.from({ length: channels }, (_, c) => f32(0.3 - 0.2 * c));
    const grad = new Float32Array(channels);
    const hyper = prelu.resolve({ numParameters: channels });
    const c = ctx(n, hyper, slope, grad, channels, inner);
    const y = new Float32Array(n);
    const dx = new Float32Array(n);
    prelu.cpu.forward(x, y, c);
    prelu.cpu.backward(x, y, dy, dx, c);

    const channelOf = (i: number) => Math.floor(i / inner) % channels;
    for (let i = 0; i < n; i++) {
      const a = slope[channelOf(i)]!;
      expect(y[i]!).toBe(f32(prelu.reference!(x[i]!, hyper, { slope: a })));
      expect(dx[i]!).toBe(f32(x[i]! > 0 ? dy[i]! : a * dy[i]!));
    }
    // Float64 central differences of L = Σ dy_i · f(x_i; a_c) with respect to each a_c.
    const loss = (ch: number, a: number) => {
      let sum = 0;
      for (let i = 0; i < n; i++)
        sum += dy[i]! * prelu.reference!(x[i]!, hyper, { slope: channelOf(i) === ch ? a : slope[channelOf(i)]! });
      return sum;
    };
    const h = 1e-4;
    for (let ch = 0; ch < channels; ch++) {
      const fd = (loss(ch, slope[ch]! + h) - loss(ch, slope[ch]! - h)) / (2 * h);
      expect(Math.abs(grad[ch]! - fd)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd)));
    }
  });
});

describe('prelu CPU kernels, per channel, against a channel-by-channel float64 reference', () => {
  /** The old loop order: each channel's elements in memory order, summed in a float64 local, added once. */
  function reference(x: Float32Array, dy: Float32Array, slope: Float32Array, grad0: Float32Array, inner: number) {
    const channels = slope.length;
    const n = x.length;
    const y = new Float32Array(n);
    const dx = new Float32Array(n);
    const grad = Float32Array.from(grad0);
    for (let c = 0; c < channels; c++) {
      const a = slope[c]!;
      let g = 0;
      for (let start = c * inner; start < n; start += channels * inner) {
        for (let i = start; i < start + inner; i++) {
          y[i] = x[i]! > 0 ? x[i]! : a * x[i]!;
          dx[i] = Number.isNaN(x[i]!) ? Number.NaN : x[i]! > 0 ? dy[i]! : a * dy[i]!;
          g += Math.min(x[i]!, 0) * dy[i]!;
        }
      }
      grad[c]! += g;
    }
    return { y, dx, grad };
  }

  function run(x: Float32Array, dy: Float32Array, slope: Float32Array, grad: Float32Array, inner: number) {
    const n = x.length;
    const c = ctx(n, prelu.resolve({ numParameters: slope.length }), slope, grad, slope.length, inner);
    const y = new Float32Array(n);
    const dx = new Float32Array(n);
    prelu.cpu.forward(x, y, c);
    prelu.cpu.backward(x, y, dy, dx, c);
    return { y, dx, grad };
  }

  const slopesOf = (channels: number) => Float32Array.from({ length: channels }, (_, c) => f32(0.3 - 0.013 * c));

  // A dense layer's output [batch, units] with many rows, and [batch, channels, inner] layouts.
  it.each([
    [512, 16, 1],
    [300, 257, 1],
    [1, 5, 1],
    [7, 6, 9],
  ])('batch %i × channels %i × inner %i matches bit for bit', (batch, channels, inner) => {
    const n = batch * channels * inner;
    const x = sample(n, 45.164);
    const dy = sample(n, 9.31);
    const slope = slopesOf(channels);
    const grad0 = Float32Array.from({ length: channels }, (_, c) => f32(c - 2.5));
    const want = reference(x, dy, slope, grad0, inner);
    const got = run(x, dy, slope, Float32Array.from(grad0), inner);
    expect(got.y).toEqual(want.y);
    expect(got.dx).toEqual(want.dx);
    expect(got.grad).toEqual(want.grad);
  });

  it.each([1, 3])('NaN, ±∞ and ±0 inputs keep the reference results (inner %i)', (inner) => {
    const channels = 4;
    const n = 6 * channels * inner;
    const x = sample(n, 7.77);
    const special = [Number.NaN, INF, -INF, 0, -0, TINY];
    for (let k = 0; k < special.length; k++) x[k * channels * inner + ((k * inner) % (channels * inner))] = special[k]!;
    x[2] = INF; // a +∞ in a channel with no NaN: its slope term is 0, not NaN
    const dy = sample(n, 1.23);
    const slope = slopesOf(channels);
    const want = reference(x, dy, slope, new Float32Array(channels), inner);
    const got = run(x, dy, slope, new Float32Array(channels), inner);
    expect(got.y).toEqual(want.y);
    expect(got.dx).toEqual(want.dx);
    expect(got.grad).toEqual(want.grad);
    expect(Number.isNaN(got.grad[0]!)).toBe(true);
  });

  it.each([1, 2])('slopes where the branch-free form is not exact (-0, huge) use the branchy loop (inner %i)', (inner) => {
    const channels = 4;
    const n = 50 * channels * inner;
    const x = sample(n, 3.3);
    const dy = sample(n, 2.2);
    const slope = Float32Array.of(-0, 0.25, -1e17, 1e17);
    const want = reference(x, dy, slope, new Float32Array(channels), inner);
    const got = run(x, dy, slope, new Float32Array(channels), inner);
    expect(got.y).toEqual(want.y);
    expect(got.dx).toEqual(want.dx);
    expect(got.grad).toEqual(want.grad);
    // toEqual tells −0 from +0: with a = −0 a negative x gives +0, which `x·(a + (1 − a)·0)` would turn into −0.
    const i = channels * inner;
    expect(x[i]!).toBeLessThan(0);
    expect(Object.is(got.y[i]!, 0)).toBe(true);
    expect(new Float32Array([-0])).not.toEqual(new Float32Array([0]));
  });

  it('gives the same results when channel counts change between calls (reused scratch)', () => {
    for (const channels of [3, 300, 3, 1000, 2]) {
      const n = 20 * channels;
      const x = sample(n, 11.1 + channels);
      const dy = sample(n, 0.7);
      const slope = slopesOf(channels);
      const want = reference(x, dy, slope, new Float32Array(channels), 1);
      expect(run(x, dy, slope, new Float32Array(channels), 1).grad).toEqual(want.grad);
    }
  });
});

describe('prelu in the core activation layer', () => {
  it('fails clearly when numParameters is neither 1 nor the channel count', async () => {
    const core = await import('@rectify/core');
    const layer = core.activation(prelu({ numParameters: 3 }));
    expect(() => layer.build([4], { rng: core.createRng(1), registry: core.createRegistry() })).toThrow(ValidationError);
    expect(() =>
      core.activation(prelu, { numParameters: 3 }).build([4], { rng: core.createRng(1), registry: core.createRegistry() }),
    ).toThrow(/numParameters is 3 but the layer has 4 channels/);
  });

  it('creates a non-decayed slope Param of numParameters values filled with init', async () => {
    const core = await import('@rectify/core');
    const layer = core.activation(prelu, { numParameters: 4, init: 0.1 });
    layer.build([4], { rng: core.createRng(1), registry: core.createRegistry() });
    const param = layer.params()[0]!;
    expect(param.name).toBe('slope');
    expect(param.decay).toBe(false);
    expect(Array.from(param.value)).toEqual(Array(4).fill(f32(0.1)));
    const y = layer.forward(core.tensor([1, -1, 2, -2, -4, 0, 4, -8], [2, 4]), true);
    expect(Array.from(y.data)).toEqual(
      [1, f32(0.1) * -1, 2, f32(0.1) * -2, f32(f32(0.1) * -4), 0, 4, f32(f32(0.1) * -8)].map(f32),
    );
    layer.backward(core.tensor([1, 1, 1, 1, 1, 1, 1, 1], [2, 4]));
    // Channel sums of min(x, 0): [1, -4] → -4, [-1, 0] → -1, [2, 4] → 0, [-2, -8] → -10.
    expect(Array.from(param.grad)).toEqual([-4, -1, 0, -10]);
  });
});

describe('prelu gpu.js kernel functions (evaluated as plain JavaScript)', () => {
  const gpu = prelu.gpu!;
  it.each(TABLE)('x = %s gives y = %s, dx = %s, d/da = %s', (x, y, dx, da) => {
    expect(f32(gpu.forward(x, 1, 0.25, 0.25))).toBe(y);
    expect(gpu.backward(x, y, 1, 1, 0.25, 0.25)).toBe(dx);
    // + 0 folds the contribution −0·1 at x = −0 into +0, as the CPU sum does.
    expect(gpu.paramGrads!.slope(x, y, 1, 1, 0.25, 0.25) + 0).toBe(da);
  });

  it('take (x, numParameters, init, slope) and (x, y, dy, numParameters, init, slope)', () => {
    expect(gpu.forward.length).toBe(4);
    expect(gpu.backward.length).toBe(6);
    expect(gpu.paramGrads!.slope.length).toBe(6);
  });
});
