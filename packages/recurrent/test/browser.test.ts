import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPage, type TestPage } from '../../../scripts/chromium-for-tests';

// The SimpleRNN gpu executor on Chromium's real webgl2 and webgpu contexts (SwiftShader), trained against the CPU
// backend in the same page.
let page: TestPage;

beforeAll(async () => {
  page = await openTestPage(new URL('./browser/page.ts', import.meta.url), ['core', 'relu', 'gpu']);
}, 120_000);

afterAll(() => page?.close());

interface FitResult {
  readonly name: string;
  readonly mode: string;
  readonly fallbacks: unknown[];
  readonly weights: number;
  readonly moved: number;
  readonly predict: number;
}

describe('simpleRNN on Chromium’s gpu contexts trains like the CPU backend in the same page', () => {
  for (const mode of ['webgl2', 'webgpu']) {
    it(`${mode}: model.fit of each recurrent model through the gpu executor, no fallback`, async () => {
      const { result, errors } = await page.call('rectifyRnnFit', mode);
      const r = result as { error?: string; results?: FitResult[] };
      expect(errors).toEqual([]);
      expect(r.error).toBeUndefined();
      expect(r.results?.map((m) => m.name)).toEqual(['tanh, last state', 'relu sequence into tanh']);
      for (const m of r.results ?? []) {
        expect(m.mode, m.name).toBe(mode);
        expect(m.fallbacks, m.name).toEqual([]);
        expect(m.moved, m.name).toBeGreaterThan(1e-3);
        expect(m.weights, m.name).toBeLessThan(1e-4);
        expect(m.predict, m.name).toBeLessThan(1e-4);
      }
    }, 180_000);
  }
});
