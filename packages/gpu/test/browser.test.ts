import { type Server, createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCases } from './activation-cases';
import { launchChromium } from '../../../scripts/chromium-for-tests';
import { oxcMinify, terserMinify } from './minify';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// esbuild ships with tsup (a root dev dependency): resolve it from there.
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as typeof import('esbuild');

let server: Server;
let browser: Browser;
let url = '';

beforeAll(async () => {
  const alias: Record<string, string> = {};
  for (const p of ['core', 'relu', 'leaky-relu', 'prelu', 'elu']) alias[`@rectify/${p}`] = `${root}packages/${p}/src/index.ts`;
  const build = (minify: boolean) =>
    esbuild.build({
      entryPoints: [fileURLToPath(new URL('./browser/page.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      alias,
      minify,
      logLevel: 'silent',
    });
  const js = (await build(false)).outputFiles[0].text;
  // The same page minified by Oxc, as `vite build` ships the playground: gpu.js then compiles minified sources.
  const jsMin = await oxcMinify(js);
  // And bundled with `esbuild --minify`, and minified by terser: both rename classes, which once broke `report.mode`.
  const minified: Record<string, string> = {
    '/esbuild': (await build(true)).outputFiles[0].text,
    '/terser': await terserMinify(js),
  };
  const html = (src: string) => `<!doctype html><meta charset="utf-8"><title>rectify gpu</title><script src="${src}"></script>`;
  server = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    } else if (req.url === '/page.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(jsMin);
    } else if (req.url?.endsWith('.page.js') && minified[req.url.slice(0, -'.page.js'.length)]) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(minified[req.url.slice(0, -'.page.js'.length)]);
    } else if (req.url && minified[req.url]) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html(`${req.url}.page.js`));
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html(req.url === '/min' ? '/page.min.js' : '/page.js'));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function inPage(mode: string, act: string, steps: number, opt: 'adam' | 'sgd' = 'sgd', path = '') {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}${path}`);
  const result = await page.evaluate(
    ([m, a, s, o]) => (globalThis as unknown as { rectifyRun: (...a: unknown[]) => unknown }).rectifyRun(m, a, s, o),
    [mode, act, steps, opt] as const,
  );
  await page.close();
  expect(errors).toEqual([]);
  return result as {
    error?: string;
    cloneable: string;
    mode: string;
    requestedMode: string;
    fallbacks: unknown[];
    nanChecks: boolean;
    toDevicePerStep: number;
    toHostInSteps: number;
    gpuLoss: number;
    cpuLoss: number;
    mismatch: { ratio: number; at: string };
  };
}

async function fitInPage(mode: string, act: string, path = '') {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}${path}`);
  const result = await page.evaluate(
    ([m, a]) => (globalThis as unknown as { rectifyFit: (...a: unknown[]) => unknown }).rectifyFit(m, a),
    [mode, act] as const,
  );
  await page.close();
  expect(errors).toEqual([]);
  type Epoch = { loss: number; valLoss?: number };
  type Mismatch = { ratio: number; at: string };
  return result as {
    error?: string;
    mode: string;
    steps: number;
    stopReason: string;
    syncPredict: string;
    cpuEpochs: Epoch[];
    gpuEpochs: Epoch[];
    weights: Mismatch;
    predict: Mismatch;
    gpuEvaluate: { loss: number };
    cpuEvaluate: { loss: number };
  };
}

async function probeInPage(mode: string, minified: boolean) {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}${minified ? 'min' : ''}`);
  const result = await page.evaluate(
    (m) => (globalThis as unknown as { rectifyProbe: (m: string) => unknown }).rectifyProbe(m),
    mode,
  );
  await page.close();
  expect(errors).toEqual([]);
  return result as { labels: string[]; problems: string[] };
}

describe('every registered activation plugin compiles in Chromium and matches its CPU kernels on edge inputs', () => {
  const expected = probeCases().map((c) => c.label);
  for (const mode of ['webgl2', 'webgpu']) {
    for (const minified of [false, true]) {
      it(`${mode}${minified ? ', page minified by Oxc (as vite build ships it)' : ''}: forward, backward, param grads`, async () => {
        const r = await probeInPage(mode, minified);
        expect(r.labels).toEqual(expected);
        // NaN inputs included: on webgpu Tint's ordered `!=` never fires for NaN, so the kernels' NaN test must not
        // rely on `x != x` alone (src/kernels/nan-test.ts).
        expect(r.problems).toEqual([]);
      }, 180_000);
    }
  }
});

describe('gpu backend in Chromium (SwiftShader)', () => {
  for (const act of ['relu', 'relu6', 'leaky-relu', 'prelu', 'elu', 'tanh']) {
    it(`webgl2 trains ${act} like the CPU backend in the same page (Adam)`, async () => {
      const r = await inPage('webgl2', act, 50, 'adam');
      expect(r.error).toBeUndefined();
      expect(r.cloneable).toBe('equal');
      expect(r.mode).toBe('webgl2');
      expect(r.fallbacks).toEqual([]);
      expect(r.nanChecks).toBe(true);
      expect(r.toDevicePerStep).toBe(2);
      expect(r.toHostInSteps).toBe(1);
      expect(r.mismatch.ratio, r.mismatch.at).toBeLessThanOrEqual(1);
      expect(r.gpuLoss).toBeCloseTo(r.cpuLoss, 4);
    }, 180_000);
  }

  it('webgl2 trains leaky-relu like the CPU backend in the same page (SGD with momentum)', async () => {
    const r = await inPage('webgl2', 'leaky-relu', 50, 'sgd');
    expect(r.error).toBeUndefined();
    expect(r.mismatch.ratio, r.mismatch.at).toBeLessThanOrEqual(1);
    expect(r.gpuLoss).toBeCloseTo(r.cpuLoss, 4);
  }, 180_000);

  it('webgpu: model.fit, predictAsync and evaluateAsync match the CPU backend (leaky-relu, Adam, validation)', async () => {
    const r = await fitInPage('webgpu', 'leaky-relu');
    expect(r.error).toBeUndefined();
    expect(r.mode).toBe('webgpu');
    expect(r.syncPredict).toBe('GpuAsyncOnlyError'); // the synchronous path really is unavailable here
    expect(r.stopReason).toBe('completed');
    expect(r.steps).toBe(4 * 3); // 30 training rows in batches of 12
    expect(r.gpuEpochs).toHaveLength(4);
    for (let e = 0; e < 4; e++) {
      expect(r.gpuEpochs[e].loss).toBeCloseTo(r.cpuEpochs[e].loss, 4);
      expect(r.gpuEpochs[e].valLoss).toBeCloseTo(r.cpuEpochs[e].valLoss as number, 4);
    }
    expect(r.weights.ratio, r.weights.at).toBeLessThanOrEqual(1);
    expect(r.predict.ratio, r.predict.at).toBeLessThanOrEqual(1);
    expect(r.gpuEvaluate.loss).toBeCloseTo(r.cpuEvaluate.loss, 4);
  }, 180_000);

  it('webgpu trains relu like the CPU backend through the async session methods (Adam)', async () => {
    const r = await inPage('webgpu', 'relu', 50, 'adam');
    expect(r.error).toBeUndefined();
    expect(r.cloneable).toBe('equal');
    expect(r.mode).toBe('webgpu');
    expect(r.nanChecks).toBe(true);
    expect(r.toDevicePerStep).toBe(2);
    expect(r.mismatch.ratio, r.mismatch.at).toBeLessThanOrEqual(1);
    expect(r.gpuLoss).toBeCloseTo(r.cpuLoss, 4);
  }, 180_000);

  it('auto picks webgl2 in the browser and reports no fallback', async () => {
    const r = await inPage('auto', 'tanh', 5);
    expect(r.error).toBeUndefined();
    expect(r.mode).toBe('webgl2');
    expect(r.requestedMode).toBe('auto');
  }, 180_000);
});

async function namesInPage(path: string) {
  const page = await browser.newPage();
  await page.goto(`${url}${path}`);
  const result = await page.evaluate(() =>
    (globalThis as unknown as { rectifyNames: () => { errors: Record<string, string>; kernelClasses: string[] } }).rectifyNames(),
  );
  await page.close();
  return result;
}

describe('a page minified by esbuild --minify or terser (classes renamed) reports modes and errors truthfully', () => {
  for (const minifier of ['esbuild', 'terser']) {
    it(`${minifier}: gpu.js's classes really were renamed, and every error class keeps its name`, async () => {
      const r = await namesInPage(minifier);
      // The premise: the minifier renamed gpu.js's kernel classes (esbuild all of them; terser those it does not
      // inline into an object literal, whose key then names them), so a mode taken from class names would be wrong.
      const kept = r.kernelClasses.filter((n) => n.endsWith('Kernel'));
      expect(kept.length).toBeLessThan(r.kernelClasses.length);
      if (minifier === 'esbuild') expect(kept).toEqual([]);
      const exported = Object.keys(r.errors).sort();
      expect(exported).toEqual(
        expect.arrayContaining(['GpuAsyncOnlyError', 'GpuUnavailableError', 'RectifyError', 'ShapeError', 'ValidationError']),
      );
      for (const name of exported) expect(r.errors[name], name).toBe(name);
    }, 180_000);

    it(`${minifier}: webgl2 reports mode webgl2 and trains relu like the CPU backend`, async () => {
      const r = await inPage('webgl2', 'relu', 20, 'adam', minifier);
      expect(r.error).toBeUndefined();
      expect(r.mode).toBe('webgl2');
      expect(r.requestedMode).toBe('webgl2');
      expect(r.fallbacks).toEqual([]);
      expect(r.mismatch.ratio, r.mismatch.at).toBeLessThanOrEqual(1);
      expect(r.gpuLoss).toBeCloseTo(r.cpuLoss, 4);
    }, 180_000);

    it(`${minifier}: webgpu trains with model.fit like the CPU backend; the sync path throws GpuAsyncOnlyError`, async () => {
      const r = await fitInPage('webgpu', 'leaky-relu', minifier);
      expect(r.error).toBeUndefined();
      expect(r.mode).toBe('webgpu');
      expect(r.syncPredict).toBe('GpuAsyncOnlyError');
      expect(r.stopReason).toBe('completed');
      for (let e = 0; e < 4; e++) expect(r.gpuEpochs[e].loss).toBeCloseTo(r.cpuEpochs[e].loss, 4);
      expect(r.weights.ratio, r.weights.at).toBeLessThanOrEqual(1);
    }, 180_000);

    it(`${minifier}: auto reports webgl2 with no fallback`, async () => {
      const r = await inPage('auto', 'tanh', 3, 'sgd', minifier);
      expect(r.error).toBeUndefined();
      expect(r.mode).toBe('webgl2');
    }, 180_000);
  }
});
