import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveTestPage } from '../../../scripts/chromium-for-tests';

// The conv gpu kernels on Chromium's real webgl2 and webgpu contexts (SwiftShader), trained against the CPU backend in
// the same page.
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

describe('conv layers on Chromium’s gpu contexts train like the CPU backend in the same page', () => {
  for (const mode of ['webgl2', 'webgpu']) {
    it(`${mode}: model.fit through every conv gpu executor, no fallback`, async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      const r = (await page.evaluate(
        (m) => (globalThis as unknown as { rectifyConvFit: (m: string) => unknown }).rectifyConvFit(m),
        mode,
      )) as { error?: string; mode: string; fallbacks: unknown[]; weights: number; moved: number; predict: number };
      await page.close();
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
