import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleTestPage, launchChromium } from '../../../scripts/chromium-for-tests';
import type { ThreadsRun } from './browser/threads-page';

/** The two headers that make a page cross-origin isolated (and give it SharedArrayBuffer). */
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

let server: Server;
let browser: Browser;
let base = '';

beforeAll(async () => {
  const js = await bundleTestPage(new URL('./browser/threads-page.ts', import.meta.url), ['core']);
  // /isolated/… is served with COOP and COEP, /plain/… without.
  server = createServer((req, res) => {
    const [, dir, file] = /^\/(isolated|plain)\/(.*)$/.exec(req.url ?? '') ?? [];
    const headers = dir === 'isolated' ? ISOLATION : {};
    if (file === 'page.js') res.writeHead(200, { 'content-type': 'text/javascript', ...headers }).end(js);
    else if (file === '')
      res
        .writeHead(200, { 'content-type': 'text/html', ...headers })
        .end('<!doctype html><meta charset="utf-8"><script src="page.js"></script>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

type Where = 'page' | 'worker';

async function run(page: Page, where: Where, threads: number, fma: boolean): Promise<ThreadsRun> {
  const r = (await page.evaluate(
    ([w, o]) => {
      const api = (globalThis as unknown as { rectifyThreads: Record<string, (o: unknown) => Promise<unknown>> }).rectifyThreads;
      return w === 'page' ? api.train(o) : api.trainInWorker(o);
    },
    [where, { threads, fma, steps: 3 }] as const,
  )) as ThreadsRun & { error?: string };
  if (r.error) throw new Error(r.error);
  return r;
}

/** Runs `body` on a new page of /isolated/ or /plain/, closes it, and expects no uncaught page errors. */
async function onPage(dir: 'isolated' | 'plain', body: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${base}/${dir}/`);
    await body(page);
  } finally {
    await page.close();
  }
  expect(errors).toEqual([]);
}

describe('CPU threads in Chromium', () => {
  for (const where of ['page', 'worker'] as const) {
    it(`cross-origin isolated, on the ${where === 'page' ? "page's main thread" : 'dedicated Worker'}: 2 threads train to the bits of 1, with and without FMA`, async () => {
      await onPage('isolated', async (page) => {
        for (const fma of [false, true]) {
          const one = await run(page, where, 1, fma);
          const two = await run(page, where, 2, fma);
          expect(two.isolated).toBe(true);
          expect(two.threads).toEqual({
            requested: 2,
            running: 2,
            reason: "worker threads share the kernels' WebAssembly memory",
          });
          expect(two.workerChunks).toBeGreaterThan(0);
          expect(two.bits).toEqual(one.bits);
        }
      });
    }, 120_000);
  }

  it('not isolated: one thread, and the report names cross-origin isolation and both headers; training works', async () => {
    await onPage('plain', async (page) => {
      const r = await run(page, 'page', 2, false);
      const one = await run(page, 'page', 1, false);
      expect(r.isolated).toBe(false);
      expect(r.threads).toMatchObject({ requested: 2, running: 1 });
      expect((r.threads as { reason: string }).reason).toMatch(
        /not cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/,
      );
      expect(r.workerChunks).toBe(0);
      expect(r.bits).toEqual(one.bits);
    });
  }, 120_000);
});
