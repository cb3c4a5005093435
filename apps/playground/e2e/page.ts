import type { Browser, Page } from 'playwright-core';

/** A page with the uncaught errors it raised. */
export type WatchedPage = Page & { errors: string[] };

/** Opens the page (optionally at a shared link) and waits until the worker has built the model. */
export async function open(browser: Browser, url: string, viewport = { width: 1440, height: 1000 }): Promise<WatchedPage> {
  const page = (await browser.newPage({ viewport })) as WatchedPage;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(url);
  await ready(page);
  return page;
}

/** Waits until the worker has built the model and sent its first frame. */
export async function ready(page: Page): Promise<void> {
  await page.waitForSelector('#app[data-ready="true"]', { timeout: 120_000 });
}

/** The text of the element with this test id. */
export const text = async (page: Page, id: string): Promise<string> => (await page.textContent(`[data-testid="${id}"]`)) ?? '';

/** Training steps done so far. */
export const steps = async (page: Page): Promise<number> => Number(await text(page, 'steps'));

/** Waits until at least `n` steps are done. */
export async function stepsAtLeast(page: Page, n: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction((k) => Number(document.querySelector('[data-testid="steps"]')?.textContent) >= k, n, { timeout });
}

/** Plays until at least `n` steps are done, then pauses. */
export async function train(page: Page, n: number): Promise<void> {
  await page.selectOption('[data-testid="speed"]', '2000');
  await page.click('[data-testid="play"]');
  await stepsAtLeast(page, n);
  await page.click('[data-testid="play"]');
  await page.waitForTimeout(300);
}

/** Changes a control and waits for the rebuilt model. */
export async function change(page: Page, action: () => Promise<unknown>): Promise<void> {
  await page.evaluate(() => document.getElementById('app')!.setAttribute('data-ready', 'false'));
  await action();
  await ready(page);
}
