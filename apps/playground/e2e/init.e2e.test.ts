import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useProductionPage } from './page-session';

const shots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const session = useProductionPage(shots);

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('#app[data-ready="true"]', { timeout: 120_000 });
}

/** Starts a scenario from the list of the four causes and waits until its runs have done `n` steps. */
async function startFromCauses(page: Page, id: string, n: number): Promise<void> {
  await page.evaluate(() => document.getElementById('app')!.setAttribute('data-ready', 'false'));
  await page.click(`[data-testid="dead-relu-causes"] [data-testid="cause-${id}"]`);
  await ready(page);
  await page.waitForFunction((k) => Number(document.querySelector('[data-testid="steps"]')?.textContent) >= k, n, {
    timeout: 120_000,
  });
}

const std = async (page: Page, layer: number): Promise<number> =>
  Number(await page.textContent(`[data-testid="stats-std-${layer}"]`));

describe('initialisation, the fourth cause of dead ReLUs, in Chromium', () => {
  it('constant weights: every thumbnail of a layer is the same picture, and the std column shows each layer', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(session.url);
    await ready(page);
    await startFromCauses(page, 'symmetry', 60);
    await page.waitForTimeout(500);
    for (const layer of [0, 1]) {
      const pictures = await page.$$eval(`[data-testid="layer-${layer}"] canvas.thumb`, (cs) =>
        (cs as HTMLCanvasElement[]).map((c) => c.toDataURL()),
      );
      expect(pictures).toHaveLength(8);
      expect(new Set(pictures).size).toBe(1);
    }
    expect(await std(page, 0)).toBeGreaterThan(0);
    await page.click('[data-testid="play"]'); // pause: a page that is still training is slow to capture
    await page.screenshot({ path: `${shots}scenario-symmetry.png`, fullPage: true });

    // Glorot through 30 ReLU layers: the log-scale std column falls by orders of magnitude from layer 1 to 30.
    await startFromCauses(page, 'scale-through-depth', 20);
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid^="stats-std-"]').count()).toBe(30);
    expect((await std(page, 29)) / (await std(page, 0))).toBeLessThan(1e-3);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
