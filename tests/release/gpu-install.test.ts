// `npm i @rectify/core @rectify/gpu` for a browser app: from packed tarballs in a scratch project outside the
// workspace, nothing native and no Node GPU binaries install, and the bundled app trains on webgl2 in Chromium.
// The Node path (gpu.js installed beside it) still imports and trains.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchProject, filesEndingWith, installedPackages, pack } from '../install/scratch-project';
import { here, run, workspaceRoot } from './workspace';

const CHROMIUM = '/usr/bin/chromium';
const esbuild = createRequire(createRequire(join(workspaceRoot, 'package.json')).resolve('tsup'))('esbuild') as {
  build(o: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
};

let tarballs: string;
let app: string;

beforeAll(() => {
  tarballs = mkdtempSync(join(tmpdir(), 'rectify-gpu-tarballs-'));
  app = createScratchProject(['core', 'gpu'].map((p) => pack(p, tarballs)));
}, 600_000);

afterAll(() => {
  for (const dir of [app, tarballs]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm i @rectify/core @rectify/gpu (a browser app)', () => {
  it('installs only those two packages: no gpu.js, gl, webgpu, native binary or install script', () => {
    const names = installedPackages(join(app, 'node_modules'))
      .map((p) => p.manifest.name)
      .sort();
    expect(names).toEqual(['@rectify/core', '@rectify/gpu']);
    expect(filesEndingWith(join(app, 'node_modules'), '.node')).toEqual([]);
  });

  describe('bundled for the browser and run in Chromium', () => {
    let browser: Browser;
    let server: Server;
    let js = '';

    beforeAll(async () => {
      copyFileSync(join(here(import.meta.url), 'fixtures', 'gpu-app.ts'), join(app, 'app.ts'));
      const out = await esbuild.build({
        entryPoints: [join(app, 'app.ts')],
        absWorkingDir: app,
        bundle: true,
        minify: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        logLevel: 'silent',
      });
      js = out.outputFiles[0].text;
      server = createServer((req, res) => {
        if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
        else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/app.js"></script>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
      });
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
    });

    it('trains on webgl2 like the CPU backend in the same page', async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const address = server.address();
      await page.goto(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
      await page.waitForFunction(() => (globalThis as { __result?: unknown }).__result !== undefined, null, { timeout: 240_000 });
      const r = (await page.evaluate(() => (globalThis as { __result?: unknown }).__result)) as Record<string, unknown>;
      await page.close();
      expect(errors).toEqual([]);
      expect(r.error).toBeUndefined();
      expect(r.mode).toBe('webgl2');
      expect(r.fallbacks).toBe(0);
      expect(r.gpuLoss as number).toBeCloseTo(r.cpuLoss as number, 4);
      expect(r.gpuLoss as number).toBeLessThan(0.25); // it learned something: XOR's constant guess scores 0.25
    }, 300_000);
  });

  it('in Node without gpu.js, importing @rectify/gpu names the missing gpu.js', () => {
    let message = '';
    try {
      run(process.execPath, ['--input-type=module', '-e', "await import('@rectify/gpu')"], { cwd: app });
    } catch (e) {
      message = String((e as { stderr?: string }).stderr);
    }
    expect(message).toMatch(/Cannot find (package|module) 'gpu\.js'/);
  });
});

describe('the Node path: @rectify/gpu with gpu.js installed beside it', () => {
  it('imports and trains on a gpu.js mode in Node', () => {
    // gpu.js from the workspace (the version the tests use), installed into a copy of the scratch project.
    const nodeApp = mkdtempSync(join(tmpdir(), 'rectify-gpu-node-'));
    try {
      const gpujs = dirname(createRequire(join(workspaceRoot, 'packages', 'gpu', 'package.json')).resolve('gpu.js/package.json'));
      writeFileSync(join(nodeApp, 'package.json'), JSON.stringify({ name: 'node-app', private: true, type: 'module' }));
      run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', '--install-links=false', gpujs], {
        cwd: nodeApp,
      });
      run('cp', ['-r', join(app, 'node_modules', '@rectify'), join(nodeApp, 'node_modules', '@rectify')]);
      const script = `
        import { activation, dense, sequential, sgd, tensor } from '@rectify/core';
        import { gpuBackend } from '@rectify/gpu';
        const m = sequential({ inputShape: [2], seed: 3, layers: [dense(4), activation('tanh'), dense(1)] })
          .compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.1 }), backend: gpuBackend({ mode: 'cpu' }) });
        const h = await m.fit(tensor([[0, 1], [1, 0]]), tensor([[1], [0]]), { epochs: 20, batchSize: 2 });
        console.log(JSON.stringify({ mode: m.backendReport.mode, first: h.epochs[0].loss, last: h.epochs.at(-1).loss }));`;
      const out = run(process.execPath, ['--input-type=module', '-e', script], { cwd: nodeApp }).trim().split('\n');
      const r = JSON.parse(out[out.length - 1]) as { mode: string; first: number; last: number };
      expect(r.mode).toBe('cpu');
      expect(r.last).toBeLessThan(r.first);
      expect(readFileSync(join(nodeApp, 'package.json'), 'utf8')).toContain('gpu.js');
    } finally {
      rmSync(nodeApp, { recursive: true, force: true });
    }
  }, 300_000);
});
