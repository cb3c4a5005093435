import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, requireChromium, serveProductionBuild } from './harness';

/** What {@link useProductionPage} provides once its `beforeAll` has run. */
export interface PageSession {
  readonly browser: Browser;
  readonly url: string;
}

/**
 * Registers the hooks of an end-to-end test file: build and serve the production page, launch Chromium (and make
 * `shots`, the screenshot folder), then close both after the file's tests. Read the session inside tests.
 */
export function useProductionPage(shots: string): PageSession {
  const session = {} as { browser: Browser; url: string; server?: PreviewServer };
  beforeAll(async () => {
    requireChromium();
    mkdirSync(shots, { recursive: true });
    const served = await serveProductionBuild();
    session.url = served.url;
    session.server = served.server;
    session.browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}
