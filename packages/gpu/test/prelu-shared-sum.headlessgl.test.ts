// The shared PReLU slope gradient on the device: within a few float32 ulps of the exactly rounded sum of its terms.
import { activation, createRegistry, createRng, type GpuStepContext, type Param, type StateBuffer } from '@rectify/core';
import { prelu } from '@rectify/prelu';
import { describe, expect, it } from 'vitest';
import { Device } from '../src/device';
import { runAsync } from '../src/driver';
import { openGpu } from '../src/mode';
import { type ParamSlot, planLayer, type StateSlot, type StepState } from '../src/plan';
import { read, upload } from '../src/programs';
import { requireHeadlessGl } from './require-headless-gl';

/** Distance in float32 ulps (at b's magnitude) between a float32 a and a float64 b. */
function ulps(a: number, b: number): number {
  return Math.abs(a - b) / 2 ** (Math.floor(Math.log2(Math.abs(b))) - 23);
}

/** The slope gradient a PReLU layer's gpu executor computes for one backward step over `x` and `dy`. */
async function deviceSum(rows: number, cols: number, x: Float32Array, dy: Float32Array): Promise<number> {
  const layer = activation(prelu);
  layer.build([cols], { rng: createRng(1), registry: createRegistry() });
  const opened = openGpu('headlessgl');
  const device = new Device(opened.gpu, opened.mode, Number.POSITIVE_INFINITY);
  const step: StepState = { rows, training: true, temps: new Set() };
  const slots: ParamSlot[] = [];
  try {
    const program = planLayer(layer, 'probe', {
      device,
      step,
      slot: (id: string, param: Param, host: boolean): ParamSlot => {
        const slot: ParamSlot = {
          id,
          param,
          rows: param.value.length,
          cols: 0,
          value: null,
          grad: null,
          state: {},
          first: true,
          t: 0,
          host,
        };
        slots.push(slot);
        return slot;
      },
      stateSlot: (id: string, buffer: StateBuffer): StateSlot => ({ id, buffer, rows: 0, cols: 0, value: null }),
      fallback: (entry) => {
        throw new Error(`not planned on the device: ${entry.reason}`);
      },
      rng: () => createRng(2),
    });
    const slope = slots.find((s) => s.param.name === 'slope');
    if (!slope) throw new Error('the PReLU layer has no slope parameter on the device');
    const grad = new Float32Array(1);
    await runAsync(
      device,
      (function* () {
        slope.value = yield* upload(device, slope.param.value, slope.rows, 0);
        const xs = yield* upload(device, x, rows, cols);
        const dys = yield* upload(device, dy, rows, cols);
        // planLayer binds the program to the layer's own step context; the caller's is not read.
        const caller = {} as GpuStepContext;
        yield* program.forward(xs, caller);
        yield* program.backward(dys, caller, false);
        yield* read(slope.grad, grad);
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
