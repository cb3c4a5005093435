import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { type PreviewServer, build, preview } from 'vite';

/** The playground package folder. */
export const appRoot = fileURLToPath(new URL('..', import.meta.url));

/** Debian's Chromium, or CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for headless Chromium in a container: no sandbox (root), WebGL2 through SwiftShader, and WebGPU through
 * SwiftShader's Vulkan (headless Chromium has no WebGPU adapter otherwise), so every mode the page offers runs.
 */
export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--enable-webgl',
  '--disable-gpu-sandbox',
];

/** Fails loudly, with the fix, when Chromium is not installed. */
export function requireChromium(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: the end-to-end tests need it. Install it with: apt-get install -y chromium`,
    );
  }
}

/** Builds the production bundle and serves it on 127.0.0.1 with `vite preview`. */
export async function serveProductionBuild(): Promise<{ url: string; server: PreviewServer }> {
  await build({ root: appRoot, configFile: `${appRoot}vite.config.ts`, logLevel: 'warn' });
  const server = await preview({
    root: appRoot,
    configFile: `${appRoot}vite.config.ts`,
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { url, server };
}

/** Launches headless Chromium with the flags above. */
export async function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}
