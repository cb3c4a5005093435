import { existsSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activation, adam, dense, sequential, serializeModel, tanh, tensor } from '../src';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../../../', import.meta.url));
// esbuild ships with tsup (a root dev dependency): resolve it from there.
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as typeof import('esbuild');

const x = tensor([
  [0, 1],
  [1, 0],
  [0.5, -2],
]);

/** The model the page loads from /model.json, trained here in Node. */
async function served() {
  const m = sequential({ inputShape: [2], seed: 8, layers: [dense(5), activation(tanh), dense(2)] }).compile({
    loss: 'softmax-cross-entropy',
    optimizer: adam({ learningRate: 0.01 }),
  });
  await m.fit(x, [1, 0, 1], { epochs: 3, batchSize: 2 });
  return m;
}

let server: Server;
let browser: Browser;
let url = '';
let nodeModel: Awaited<ReturnType<typeof served>>;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: these tests need a real browser; install it with \`apt-get install -y chromium\``);
  const bundle = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./browser/io-page.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    alias: { '@rectify/core': `${root}packages/core/src/index.ts` },
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0].text;
  nodeModel = await served();
  const good = serializeModel(nodeModel);
  const bad = good.replace('"units":5', '"units":6'); // weights no longer fit the layer
  server = createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else if (req.url === '/model.json') res.writeHead(200, { 'content-type': 'application/json' }).end(good);
    else if (req.url === '/bad.json') res.writeHead(200, { 'content-type': 'application/json' }).end(bad);
    else if (req.url === '/')
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/page.js"></script>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function inPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.newPage({ acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  try {
    return await fn(page);
  } finally {
    await page.close();
    expect(errors).toEqual([]);
  }
}

type Api = Record<string, (...a: unknown[]) => Promise<Record<string, unknown>>>;
const call = (page: Page, name: string, ...args: unknown[]) =>
  page.evaluate(([n, a]) => (globalThis as unknown as { rectifyIo: Api }).rectifyIo[n as string](...(a as unknown[])), [
    name,
    args,
  ] as const);

describe('browser model stores in Chromium', () => {
  it('localStorage: round-trips bit for bit; a bad or missing entry is a clear error', async () => {
    const r = await inPage((p) => call(p, 'localStorage'));
    expect(r.same).toBe(true);
    expect(r.predictions).toEqual(r.expected);
    expect(r.bad).toMatch(/^ModelFormatError: /);
    expect(r.missing).toMatch(/^ValidationError: no model is stored at localstorage:\/\/nope/);
  }, 60_000);

  it('IndexedDB: round-trips bit for bit; a missing key is a clear error', async () => {
    const r = await inPage((p) => call(p, 'indexedDB'));
    expect(r.same).toBe(true);
    expect(r.predictions).toEqual(r.expected);
    expect(r.again).toBe(true);
    expect(r.missing).toMatch(/no model is stored at indexeddb:\/\/rectify-test\/nope/);
  }, 60_000);

  it('download: the browser receives the model JSON under the given name; a download cannot be loaded', async () => {
    const r = await inPage(async (p) => {
      const [download, result] = await Promise.all([p.waitForEvent('download'), call(p, 'download')]);
      const path = await download.path();
      return { ...result, name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
    });
    expect(r.name).toBe('my-model.json');
    expect(r.text).toBe(r.json);
    expect(r.load).toMatch(/cannot be read back/);
  }, 60_000);

  it('URL: loads a model saved in Node with identical predictions; corrupt, missing and save are clear errors', async () => {
    const r = await inPage((p) => call(p, 'url', url));
    expect(r.predictions).toEqual(Array.from(nodeModel.predict(x).data));
    expect(r.bad).toMatch(/^ModelFormatError: /);
    expect(r.missing).toMatch(/HTTP 404/);
    expect(r.save).toMatch(/urlStore only loads/);
  }, 60_000);
});
