import { GPU } from 'gpu.js';
import { describe, expect, it } from 'vitest';
import { buildCases, checkGpuAgreement, flushesSubnormals, type GpuJsInstance } from '../src';
import { flushSubnormals } from '../src/checks/subnormal-flush';
import { baseDefinition, sample, sampleOptions } from './sample-plugin';

/**
 * gpu.js's `cpu` mode with every kernel input and output flushed like Mesa's GL flushes float32 subnormals (the real
 * thing is checked on headless-gl in packages/gpu/test/subnormal-flush.headlessgl.test.ts): the same compiled code,
 * with the one property under test added.
 */
function flushingGpu(): GpuJsInstance {
  const gpu = new GPU({ mode: 'cpu' });
  return {
    addFunction: (fn: never) => gpu.addFunction(fn),
    createKernel(source: never, settings: never) {
      const kernel = gpu.createKernel(source, settings) as unknown as (...a: unknown[]) => ArrayLike<number>;
      const flushing = (...args: Float32Array[]) => flushSubnormals(Float32Array.from(kernel(...args.map(flushSubnormals))));
      return Object.assign(flushing, { destroy: () => (kernel as { destroy?: () => void }).destroy?.() }) as never;
    },
    destroy: () => gpu.destroy(),
  };
}

const cpuMode = { GPU, mode: 'cpu' } as const;
const flushingMode = { create: flushingGpu, mode: 'flushing-cpu' } as const;

/** The sample PReLU whose gpu backward treats every |x| below 1e−30 as 0, as a flushing device does. */
const tinyAsZero = sample({
  gpu: {
    ...baseDefinition.gpu!,
    backward: function tinyAsZeroBackward(x: number, _y: number, dy: number, _n: number, a: number) {
      return x > 1e-30 ? dy : a * dy;
    },
  },
});

describe('the gpu-agreement check and float32 subnormals', () => {
  it('probes whether a mode flushes subnormals: gpu.js cpu keeps them, a flushing device does not', () => {
    const cpu = new GPU({ mode: 'cpu' });
    expect(flushesSubnormals(cpu as unknown as GpuJsInstance)).toBe(false);
    cpu.destroy();
    expect(flushesSubnormals(flushingGpu())).toBe(true);
  });

  it('compares subnormal inputs on a mode that keeps them, with no exemption noted', () => {
    const good = checkGpuAgreement(sample(), { ...sampleOptions, gpu: cpuMode });
    expect(good.failures).toEqual([]);
    expect(good.notes.join('\n')).not.toMatch(/subnormal/);
    const bad = checkGpuAgreement(tinyAsZero, { ...sampleOptions, gpu: cpuMode });
    expect(bad.failures.length).toBeGreaterThan(0);
    expect(bad.failures.every((f) => f.includes('gpu.backward at x=1e-40') || f.includes('x=-1e-40'))).toBe(true);
  });

  it('holds a flushing mode to the flushed CPU results and names the exemption with its count', () => {
    for (const plugin of [sample(), tinyAsZero]) {
      const subnormalInputs = 2 * buildCases(plugin, sampleOptions).length; // ±1e−40 in every case
      const result = checkGpuAgreement(plugin, { ...sampleOptions, gpu: flushingMode });
      expect(result.failures).toEqual([]);
      expect(result.notes).toEqual([
        expect.stringMatching(
          new RegExp(
            `^known property of gpu\\.js mode flushing-cpu: it flushes float32 subnormals to zero .* its ${subnormalInputs} subnormal inputs were compared with the CPU kernels at ±0$`,
          ),
        ),
      ]);
    }
  });

  it('still fails a flushing mode on everything else', () => {
    const wrong = sample({
      gpu: {
        ...baseDefinition.gpu!,
        backward: function wrongBackward(x: number, _y: number, dy: number, _n: number, a: number) {
          return x > 0 ? dy : -a * dy;
        },
      },
    });
    const result = checkGpuAgreement(wrong, { ...sampleOptions, gpu: flushingMode });
    expect(result.failures.length).toBeGreaterThan(0);
  });
});
