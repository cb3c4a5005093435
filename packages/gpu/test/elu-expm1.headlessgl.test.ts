// ELU's gpu.js forward on real GL: within 4 float32 ulps of the exactly rounded alpha·expm1(x) for small |x|.
import { elu } from '@rectify/elu';
import { describe, expect, it } from 'vitest';
import { GPU } from '../src/gpujs';
import { requireHeadlessGl } from './require-headless-gl';

function ulps(a: number, exact: number): number {
  return Math.abs(a - exact) / 2 ** (Math.floor(Math.log2(Math.abs(exact))) - 23);
}

describe('ELU forward on headless-gl', () => {
  it('stays within 4 ulps of expm1 for x in [−20, −1e−6] (exp(x) − 1 alone is ~45 ulps off near −0.01)', () => {
    requireHeadlessGl();
    const xs: number[] = [];
    for (let e = -6; e <= 1.3; e += 0.01) xs.push(Math.fround(-(10 ** e)));
    const x = Float32Array.from(xs);
    const gpu = new GPU({ mode: 'headlessgl' } as never) as unknown as {
      addFunction(f: unknown): void;
      createKernel(f: unknown, s: unknown): ((a: Float32Array) => ArrayLike<number>) & { destroy(): void };
      destroy(): void;
    };
    try {
      gpu.addFunction(elu.gpu!.forward);
      const kernel = gpu.createKernel(new Function('x', 'return eluForward(x[this.thread.x], 1.0);'), {
        output: [x.length],
        precision: 'single',
      });
      const y = kernel(x);
      let worst = 0;
      let at = 0;
      for (let i = 0; i < x.length; i++) {
        const d = ulps(y[i]!, Math.expm1(x[i]!));
        if (d > worst) [worst, at] = [d, x[i]!];
      }
      expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(4);
      kernel.destroy();
    } finally {
      gpu.destroy();
    }
  });
});
