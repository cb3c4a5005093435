import { type GradClip, type Layer, type Optimizer, adam, cpuBackend, mse, resolveGradClip, sgd, tanh } from '@rectify/core';
import { relu } from '@rectify/relu';
import { beforeAll, describe, expect, it } from 'vitest';
import { GpuUnsupportedError, gpuBackend } from '../src/index';
import { buildLayers, makeData, specFor, weights, worstMismatch } from './fixtures';
import { requireHeadlessGl } from './require-headless-gl';

beforeAll(requireHeadlessGl);

function clippedSpec(layers: Layer[], optimizer: Optimizer, clip: GradClip, l2: number) {
  const spec = specFor(layers, 3, 2, mse(), optimizer, l2);
  return { ...spec, training: { ...spec.training, clipGrad: resolveGradClip(clip) } };
}

const cases = [
  { name: 'adam, maxNorm 0.05, l2', act: relu, opt: () => adam({ learningRate: 0.01 }), clip: { maxNorm: 0.05 }, l2: 1e-3 },
  {
    name: 'sgd momentum, value 0.02',
    act: tanh,
    opt: () => sgd({ learningRate: 0.05, momentum: 0.9 }),
    clip: { value: 0.02 },
    l2: 0,
  },
];

describe('clipGrad on headless-gl follows the CPU backend', () => {
  for (const c of cases) {
    it(`${c.name}: 40 full-batch steps end with the same weights (|a−b| ≤ 1e-4·(1+|b|)) and pre-clip norms`, () => {
      const { x, y } = makeData(32, 3, 2, 13, 'regression');
      const onCpu = buildLayers(c.act, 8);
      const onGpu = buildLayers(c.act, 8);
      const onFree = buildLayers(c.act, 8);
      const cpu = cpuBackend().createSession(clippedSpec(onCpu, c.opt(), c.clip, c.l2));
      const gpu = gpuBackend({ mode: 'headlessgl' }).createSession(clippedSpec(onGpu, c.opt(), c.clip, c.l2));
      const free = cpuBackend().createSession(specFor(onFree, 3, 2, mse(), c.opt(), c.l2));
      expect(gpu.report.mode).toBe('headlessgl');
      expect(gpu.gradNorm?.()).toBeNaN();
      for (let s = 0; s < 40; s++) {
        cpu.trainStep(x, y, false);
        gpu.trainStep(x, y, false);
        free.trainStep(x, y, false);
        if ('maxNorm' in c.clip && s % 10 === 0) {
          const want = cpu.gradNorm?.() as number;
          expect(want).toBeGreaterThan(c.clip.maxNorm); // the clipping really acts
          expect(Math.abs((gpu.gradNorm?.() as number) - want)).toBeLessThanOrEqual(1e-5 * want);
        }
      }
      gpu.sync();
      const { ratio, at } = worstMismatch(weights(onGpu), weights(onCpu), 1e-4);
      expect(ratio, at).toBeLessThanOrEqual(1);
      // Unclipped training ends elsewhere: the match above is the clipping's.
      expect(worstMismatch(weights(onFree), weights(onCpu), 1e-3).ratio).toBeGreaterThan(1);
      gpu.dispose();
    }, 120_000);
  }

  it('refuses a norm type without kernels, naming the fix', () => {
    const spec = () => clippedSpec(buildLayers(relu, 1), adam(), { maxNorm: 1, normType: 1 }, 0);
    expect(() => gpuBackend({ mode: 'headlessgl' }).createSession(spec())).toThrow(GpuUnsupportedError);
    expect(() => gpuBackend({ mode: 'headlessgl' }).createSession(spec())).toThrow(/use normType 2/);
  });
});
