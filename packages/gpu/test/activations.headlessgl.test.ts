import type { reluGpu } from '@rectify/relu';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeActivation } from './activation-probe';
import { probeCases } from './activation-cases';
import { esbuildMinify, minifiedKernels, oxcMinify } from './minify';
import { requireHeadlessGl } from './require-headless-gl';

beforeAll(requireHeadlessGl);

const MINIFIERS = { oxc: oxcMinify, esbuild: esbuildMinify } as const;

describe('every activation plugin on headless-gl matches its CPU kernels on edge inputs', () => {
  for (const c of probeCases()) {
    it(`${c.label}: forward, backward, param grads (NaN, ±∞, ±0, cap)`, async () => {
      expect(await probeActivation('headlessgl', c)).toEqual([]);
      expect(await probeActivation('headlessgl', c, true)).toEqual([]);
    });
    for (const [name, minifier] of Object.entries(MINIFIERS)) {
      it(`${c.label}: the same after the ${name} minifier`, async () => {
        const gpu = (c.act as { gpu?: unknown }).gpu ?? (c.act as { plugin: { gpu: unknown } }).plugin.gpu;
        const { kernels, source } = await minifiedKernels(gpu as typeof reluGpu, minifier);
        const problems = await probeActivation('headlessgl', { ...c, gpuOverride: kernels });
        expect(problems, source).toEqual([]);
      });
    }
  }
});
