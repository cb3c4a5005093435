// The repo's tests drive Debian's Chromium through playwright-core (never a downloaded browser): one place for its
// path and the flags that give headless Chromium in a container real WebGL2 and WebGPU contexts (SwiftShader).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
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
