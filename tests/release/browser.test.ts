// The script-tag builds in Chromium: from a plain HTML file on disk, and under a strict Content-Security-Policy with
// and without 'wasm-unsafe-eval'. Each page runs pages/train.js; Node runs the same file on the built packages.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInThisContext } from 'node:vm';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { here, workspaceRoot } from './workspace';

const CHROMIUM = '/usr/bin/chromium';
const pages = join(here(import.meta.url), 'pages');
const SCRIPTS: Record<string, string> = {
  '/rectify-core.min.js': 'packages/core/dist/rectify-core.min.js',
  '/rectify-relu.min.js': 'packages/relu/dist/rectify-relu.min.js',
  '/rectify-leaky-relu.min.js': 'packages/leaky-relu/dist/rectify-leaky-relu.min.js',
  '/rectify-prelu.min.js': 'packages/prelu/dist/rectify-prelu.min.js',
  '/rectify-elu.min.js': 'packages/elu/dist/rectify-elu.min.js',
};
const CSP: Record<string, string> = {
  '/strict': "default-src 'none'; script-src 'self'",
  '/strict-wasm': "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'",
  '/strict-onnx': "default-src 'none'; script-src 'self'",
};
// esbuild ships with tsup (a root dev dependency).
const esbuild = createRequire(createRequire(join(workspaceRoot, 'package.json')).resolve('tsup'))('esbuild') as {
  build(o: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
};

/** How far FMA training (Chromium) may drift from Node 20's plain kernels over the pages' runs. */
const FMA_DRIFT = 1e-4;

interface Family {
  runsOn: string;
  reason: string;
  fma?: boolean;
}
interface PageResult {
  error?: string;
  kernelInfo: Record<'matmul' | 'vmath' | 'vmath32' | 'rectifier', Family>;
  results: Record<string, { loss: number; accuracy: number; weights: number[][] }>;
  violations?: string[];
}

let browser: Browser;
let server: Server;
let origin = '';
let onnxApp = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; install it with \`apt-get install -y chromium\``);
  for (const file of Object.values(SCRIPTS)) {
    if (!existsSync(join(workspaceRoot, file))) throw new Error(`${file} is missing: run pnpm build first`);
  }
  const html = Object.keys(SCRIPTS)
    .concat('/train.js')
    .map((src) => `<script src="${src}"></script>`)
    .join('\n');
  const bundle = await esbuild.build({
    entryPoints: [join(here(import.meta.url), 'fixtures', 'onnx-csp-app.ts')],
    // The packages as npm ships them: no workspace tsconfig `paths` sending @rectify/core to its sources.
    tsconfigRaw: '{}',
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  onnxApp = bundle.outputFiles[0].text;
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/onnx-app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(onnxApp);
      return;
    }
    const script = SCRIPTS[url] ? join(workspaceRoot, SCRIPTS[url]) : url === '/train.js' ? join(pages, 'train.js') : '';
    if (script) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(script));
    } else if (CSP[url]) {
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': CSP[url] });
      const scripts = url === '/strict-onnx' ? '<script src="/onnx-app.js"></script>' : html;
      res.end(`<!doctype html><meta charset="utf-8"><title>strict CSP</title>\n${scripts}`);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--allow-file-access-from-files'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function inChromium(url: string): Promise<PageResult> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const violations: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as { __rectifyResult?: unknown }).__rectifyResult !== undefined, null, {
    timeout: 240_000,
  });
  const result = (await page.evaluate(() => (globalThis as { __rectifyResult?: unknown }).__rectifyResult)) as PageResult;
  await page.close();
  expect(errors).toEqual([]);
  return { ...result, violations };
}

/** Runs pages/train.js in this Node process on the built packages, with the CPU kernels forced to `js` or not. */
async function inNode(kernels: 'auto' | 'js'): Promise<PageResult> {
  const core = await import('@rectify/core');
  core.setMatmulKernel(kernels);
  core.setVmathKernel(kernels);
  core.setVmath32Kernel(kernels);
  const g = globalThis as Record<string, unknown>;
  Object.assign(g, {
    Rectify: core,
    RectifyRelu: await import('@rectify/relu'),
    RectifyLeakyRelu: await import('@rectify/leaky-relu'),
    RectifyPrelu: await import('@rectify/prelu'),
    RectifyElu: await import('@rectify/elu'),
    __rectifyResult: undefined,
  });
  try {
    runInThisContext(readFileSync(join(pages, 'train.js'), 'utf8'), { filename: 'train.js' });
    while (g.__rectifyResult === undefined) await new Promise((r) => setTimeout(r, 10));
    return g.__rectifyResult as PageResult;
  } finally {
    core.setMatmulKernel('auto');
    core.setVmathKernel('auto');
    core.setVmath32Kernel('auto');
    for (const k of ['Rectify', 'RectifyRelu', 'RectifyLeakyRelu', 'RectifyPrelu', 'RectifyElu', '__rectifyResult']) delete g[k];
  }
}

/** Largest |a − b| / max(1, |b|) over every weight of every plugin's model. */
function worstDifference(a: PageResult, b: PageResult): number {
  let worst = 0;
  for (const [name, r] of Object.entries(b.results)) {
    for (const [i, w] of r.weights.entries()) {
      for (const [j, v] of w.entries()) {
        worst = Math.max(worst, Math.abs(a.results[name].weights[i][j] - v) / Math.max(1, Math.abs(v)));
      }
    }
  }
  return worst;
}

function expectTrained(r: PageResult) {
  expect(r.error).toBeUndefined();
  expect(Object.keys(r.results).sort()).toEqual(['elu', 'leakyRelu', 'prelu', 'relu']);
  for (const [name, x] of Object.entries(r.results)) {
    expect(x.accuracy, name).toBe(1);
    expect(x.loss, name).toBeLessThan(0.05);
  }
}

describe('the script-tag builds in Chromium', () => {
  let wasmReference: PageResult;
  let jsReference: PageResult;

  beforeAll(async () => {
    wasmReference = await inNode('auto');
    jsReference = await inNode('js');
    expectTrained(wasmReference);
    expect(wasmReference.kernelInfo.matmul.runsOn).toBe('wasm-simd');
    expect(jsReference.kernelInfo.matmul.runsOn).toBe('js');
  }, 300_000);

  it('a plain HTML file opened from disk trains every activation plugin like Node does, on WebAssembly SIMD', async () => {
    const r = await inChromium(pathToFileURL(join(pages, 'script-tag.html')).href);
    expectTrained(r);
    for (const [family, f] of Object.entries(r.kernelInfo))
      expect(f, family).toMatchObject({ runsOn: 'wasm-simd', reason: 'WebAssembly SIMD is available' });
    // Chromium has WebAssembly relaxed SIMD: the matrix products take the fused multiply-add kernel.
    expect(r.kernelInfo.matmul).toMatchObject({ fma: true });
    // Node 20 (the reference) multiplies and adds separately; the fused products differ in the last bits and the
    // difference grows over training (4.6e-5 measured), so the bound is FMA's, not the plain kernels' 1e-5.
    expect(worstDifference(r, wasmReference)).toBeLessThanOrEqual(FMA_DRIFT);
  }, 300_000);

  it("under script-src 'self' it trains on the plain-JS kernels and kernelInfo() says the CSP is why", async () => {
    const r = await inChromium(`${origin}/strict`);
    expectTrained(r);
    for (const [family, f] of Object.entries(r.kernelInfo)) {
      expect(f.runsOn, family).toBe('js');
      expect(f.reason, family).toMatch(/^the page's Content-Security-Policy refused to compile WebAssembly \(/);
      expect(f.reason, family).toContain("script-src 'wasm-unsafe-eval'");
    }
    // The same numbers as Node's plain-JS kernels: the fallback is the real path, not a broken one.
    expect(worstDifference(r, jsReference)).toBeLessThanOrEqual(1e-5);
  }, 300_000);

  it("with 'wasm-unsafe-eval' added it runs WebAssembly SIMD and reports so, with no CSP violation", async () => {
    const r = await inChromium(`${origin}/strict-wasm`);
    expectTrained(r);
    for (const [family, f] of Object.entries(r.kernelInfo))
      expect(f, family).toMatchObject({ runsOn: 'wasm-simd', reason: 'WebAssembly SIMD is available' });
    // Chromium has WebAssembly relaxed SIMD: the matrix products take the fused multiply-add kernel.
    expect(r.kernelInfo.matmul).toMatchObject({ fma: true });
    // Node 20 (the reference) multiplies and adds separately; the fused products differ in the last bits and the
    // difference grows over training (4.6e-5 measured), so the bound is FMA's, not the plain kernels' 1e-5.
    expect(worstDifference(r, wasmReference)).toBeLessThanOrEqual(FMA_DRIFT);
    expect(r.violations).toEqual([]);
  }, 300_000);
});

describe("@rectify/onnx under script-src 'self'", () => {
  it('exports a trained model as ONNX and imports it back to the same predictions, with no run-time code generation', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const violations: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // The refused WebAssembly compile is expected here (no 'wasm-unsafe-eval'); any other refusal is eval.
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text()) && !/WebAssembly/i.test(m.text())) {
        violations.push(m.text());
      }
    });
    await page.goto(`${origin}/strict-onnx`);
    await page.waitForFunction(() => (globalThis as { __onnxResult?: unknown }).__onnxResult !== undefined, null, {
      timeout: 120_000,
    });
    const r = (await page.evaluate(() => (globalThis as { __onnxResult?: unknown }).__onnxResult)) as Record<string, unknown>;
    await page.close();
    expect(errors).toEqual([]);
    expect(r.error).toBeUndefined();
    expect(violations).toEqual([]);
    expect(r.matmul).toBe('js'); // the page really is under the strict policy
    expect(r.bytes as number).toBeGreaterThan(100);
    expect(r.outputs).toBe(4);
    expect(r.maxDiff as number).toBeLessThanOrEqual(1e-6);
  }, 300_000);
});
