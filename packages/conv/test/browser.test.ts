import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPage, type TestPage } from '../../../scripts/chromium-for-tests';

// The conv gpu kernels on Chromium's real webgl2 and webgpu contexts (SwiftShader), trained against the CPU backend in
// the same page.
let page: TestPage;

beforeAll(async () => {
  page = await openTestPage(new URL('./browser/page.ts', import.meta.url), ['core', 'relu', 'gpu']);
}, 120_000);

afterAll(() => page?.close());

describe('conv layers on Chromium’s gpu contexts train like the CPU backend in the same page', () => {
  for (const mode of ['webgl2', 'webgpu']) {
    it(`${mode}: model.fit through every conv gpu executor, no fallback`, async () => {
      const { result, errors } = await page.call('rectifyConvFit', mode);
      const r = result as { error?: string; mode: string; fallbacks: unknown[]; weights: number; moved: number; predict: number };
      expect(errors).toEqual([]);
      expect(r.error).toBeUndefined();
      expect(r.mode).toBe(mode);
      expect(r.fallbacks).toEqual([]);
      expect(r.moved).toBeGreaterThan(1e-3);
      expect(r.weights).toBeLessThan(1e-4);
      expect(r.predict).toBeLessThan(1e-4);
    }, 180_000);
  }
});
