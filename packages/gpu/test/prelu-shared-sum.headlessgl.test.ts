// The shared PReLU slope gradient on the device: within a few float32 ulps of the exactly rounded sum of its terms.
import { type ActivationLayer, activation, createRegistry, createRng, type Param } from '@rectify/core';
import { prelu } from '@rectify/prelu';
import { describe, expect, it } from 'vitest';
import { Device } from '../src/device';
import { runAsync } from '../src/driver';
import { openGpu } from '../src/mode';
import { type ParamSlot, planLayer } from '../src/plan';
import { call, read, upload } from '../src/programs';
import { requireHeadlessGl } from './require-headless-gl';

/** Distance in float32 ulps (at b's magnitude) between a float32 a and a float64 b. */
function ulps(a: number, b: number): number {
  return Math.abs(a - b) / 2 ** (Math.floor(Math.log2(Math.abs(b))) - 23);
}

async function deviceSum(rows: number, cols: number, x: Float32Array, dy: Float32Array): Promise<number> {
  const layer = activation(prelu) as ActivationLayer;
  layer.build([cols], { rng: createRng(1), registry: createRegistry() });
  const opened = openGpu('headlessgl');
  const device = new Device(opened.gpu, opened.mode, Number.POSITIVE_INFINITY);
  try {
    const node = planLayer(layer, 'probe', {
      slot: (id: string, param: Param, r: number, c: number, host: boolean): ParamSlot => ({
        id,
        param,
        rows: r,
        cols: c,
        value: null,
        grad: null,
        state: {},
        first: true,
        t: 0,
        host,
      }),
      addFunction: (name, source) => device.addFunction(name, source),
      fallback: (entry) => {
        throw new Error(entry.reason);
      },
    });
    if (node.kind !== 'activation') throw new Error('not planned on the device');
    const grad = new Float32Array(1);
    await runAsync(
      device,
      (function* () {
        const xs = yield* upload(device, x, rows, cols);
        const dys = yield* upload(device, dy, rows, cols);
        const slope = yield* upload(device, layer.learnable.slope!.value, 1, 0);
        const k = device.kernel({ source: node.paramGrads[0]!, output: [1], constants: { rows, cols, inner: 1 } });
        yield* read(yield* call(k, [xs, xs, dys, ...node.hyper, slope]), grad);
      })(),
    );
    return grad[0]!;
  } finally {
    await device.destroy();
  }
}

describe('shared PReLU slope gradient on headless-gl', () => {
  // One float32 running sum over these terms lands 17–19 ulps away; blocks of 64 (rows and columns) stay within ~3.
  it.each([
    [1, 4096],
    [64, 256],
    [256, 16],
  ])(
    'sums %i × %i terms within 4 ulps of the exactly rounded sum',
    async (rows, cols) => {
      requireHeadlessGl();
      const n = rows * cols;
      const rng = createRng(11);
      const x = Float32Array.from({ length: n }, () => rng.normal());
      const dy = Float32Array.from({ length: n }, () => rng.normal());
      let exact = 0;
      for (let i = 0; i < n; i++) exact += Math.fround(Math.min(x[i]!, 0) * dy[i]!);
      const got = await deviceSum(rows, cols, x, dy);
      expect(ulps(got, exact)).toBeLessThanOrEqual(4);
    },
    120_000,
  );
});
