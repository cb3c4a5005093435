// The repo's tests drive Debian's Chromium through playwright-core (never a downloaded browser): one place for its
// path and the flags that give headless Chromium in a container real WebGL2 and WebGPU contexts (SwiftShader).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, or CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** No sandbox (root in a container), WebGL2 through SwiftShader, WebGPU through SwiftShader's Vulkan. */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan,WebGPU',
  '--use-webgpu-adapter=swiftshader',
  '--ignore-gpu-blocklist',
];

/** Launches Chromium with {@link chromiumArgs}; fails loudly, naming the fix, when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `${chromiumPath} is missing: these tests need a real browser; install it with \`apt-get install -y chromium\``,
    );
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
}

/** Serves `pages` (path → [content type, body]) on 127.0.0.1, anything else as `fallback`; returns the server and its URL. */
export async function servePages(
  pages: Readonly<Record<string, readonly [string, string]>>,
  fallback: readonly [string, string],
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const [type, body] = pages[req.url ?? ''] ?? fallback;
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` };
}

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}

/**
 * Bundles a test page (`entry`, a TypeScript file) for the browser as one IIFE script, with `@rectify/<name>` taken
 * from each listed package's source.
 */
export async function bundleTestPage(entry: URL, packages: readonly string[]): Promise<string> {
  const root = fileURLToPath(new URL('../', import.meta.url));
  // esbuild ships with tsup (a root dev dependency): resolve it from there.
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as Esbuild;
  const alias: Record<string, string> = {};
  for (const p of packages) alias[`@rectify/${p}`] = `${root}packages/${p}/src/index.ts`;
  const built = await esbuild.build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    alias,
    logLevel: 'silent',
  });
  return built.outputFiles[0].text;
}

/**
 * {@link bundleTestPage}, served under a blank HTML page that loads it; returns the server and the page's URL.
 */
export async function serveTestPage(entry: URL, packages: readonly string[]): Promise<{ server: Server; url: string }> {
  return servePages({ '/page.js': ['text/javascript', await bundleTestPage(entry, packages)] }, [
    'text/html',
    '<!doctype html><meta charset="utf-8"><script src="/page.js"></script>',
  ]);
}

/** A bundled test page served to a launched Chromium (see {@link openTestPage}). */
export interface TestPage {
  /** Loads the page in a fresh tab, awaits its global function `name(arg)`, and returns the result and page errors. */
  call(name: string, arg: unknown): Promise<{ result: unknown; errors: string[] }>;
  /** Closes the browser and the server. */
  close(): Promise<void>;
}

/** {@link serveTestPage} and {@link launchChromium} together: one browser and server for a test file. */
export async function openTestPage(entry: URL, packages: readonly string[]): Promise<TestPage> {
  const { server, url } = await serveTestPage(entry, packages);
  const browser = await launchChromium().catch(async (e) => {
    await new Promise((resolve) => server.close(resolve));
    throw e;
  });
  return {
    async call(name, arg) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      const result = await page.evaluate(
        ([n, a]) => (globalThis as unknown as Record<string, (a: unknown) => unknown>)[n as string](a),
        [name, arg] as const,
      );
      await page.close();
      return { result, errors };
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
