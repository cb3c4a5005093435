import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveTestPage } from '../../../scripts/chromium-for-tests';

// The SimpleRNN gpu executor on Chromium's real webgl2 and webgpu contexts (SwiftShader), trained against the CPU
// backend in the same page.
let server: Server;
let browser: Browser;
let url = '';

beforeAll(async () => {
  ({ server, url } = await serveTestPage(new URL('./browser/page.ts', import.meta.url), ['core', 'relu', 'gpu']));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

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
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      const r = (await page.evaluate(
        (m) => (globalThis as unknown as { rectifyRnnFit: (m: string) => unknown }).rectifyRnnFit(m),
        mode,
      )) as { error?: string; results?: FitResult[] };
      await page.close();
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
