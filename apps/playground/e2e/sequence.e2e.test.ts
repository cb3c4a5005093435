import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decodeState } from '../src/state/url';
import { open } from './page';
import { useProductionPage } from './page-session';

const shots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const session = useProductionPage(shots);
const panel = '[data-testid="sequence-panel"]';

/** Changes a sequence control and waits for the rebuilt model's first frame. */
async function rebuild(page: Page, action: () => Promise<unknown>): Promise<void> {
  await page.evaluate((p) => document.querySelector<HTMLElement>(p)!.setAttribute('data-ready', 'building'), panel);
  await action();
  await page.waitForSelector(`${panel}[data-ready="ready"]`, { timeout: 120_000 });
}

const seqSteps = async (page: Page): Promise<number> => Number(await page.textContent('[data-testid="sequence-steps"]'));
const label = async (page: Page, id: string): Promise<string> =>
  (await page.getAttribute(`[data-testid="${id}"]`, 'aria-label')) ?? '';
const testLoss = async (page: Page): Promise<number> =>
  Number(/test loss ([0-9.]+)/.exec((await page.textContent('[data-testid="sequence-losses"]')) ?? '')?.[1]);

/** Blue, orange and white pixels of the heatmap (its colour scale), counted. */
async function heatmapColours(page: Page): Promise<{ coloured: number; total: number }> {
  return page.$eval('[data-testid="sequence-heatmap"]', (c) => {
    const canvas = c as HTMLCanvasElement;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 2] < 240)) coloured++;
    return { coloured, total: d.length / 4 };
  });
}

describe('the sequence view in Chromium', () => {
  it('builds the IRNN on the adding problem, trains it below the baseline, and shows the heatmap and gradient chart', async () => {
    const page = await open(session.browser, session.url);
    await page.waitForSelector(`${panel}[data-ready="ready"]`, { timeout: 120_000 });
    // tanh with a small Gaussian recurrent init: at step 0 the gradient is exactly 0 for most early steps.
    await rebuild(page, () => page.selectOption('[data-testid="sequence-activation"]', 'tanh'));
    await rebuild(page, () => page.selectOption('[data-testid="sequence-init"]', 'gaussian'));
    const vanished = /exactly 0 at (\d+) steps/.exec(await label(page, 'sequence-grad-chart'));
    expect(Number(vanished?.[1])).toBeGreaterThan(25);
    expect(await label(page, 'sequence-grad-chart')).toMatch(/: 0 at t = 1,/);
    await page.locator(panel).screenshot({ path: `${shots}sequence-tanh-vanishing.png` });

    // The IRNN: ReLU units, identity recurrent matrix, on the adding problem with T = 40.
    await rebuild(page, () => page.selectOption('[data-testid="sequence-activation"]', 'relu'));
    await rebuild(page, () => page.selectOption('[data-testid="sequence-init"]', 'identity'));
    await rebuild(page, async () => {
      await page.fill('[data-testid="sequence-length"]', '40');
      await page.press('[data-testid="sequence-length"]', 'Enter');
    });
    // The link carries the sequence view's choices.
    const state = decodeState(new URL(page.url()).hash);
    expect(state?.sequence).toEqual({ data: 'adding', length: 40, units: 32, activation: 'relu', recurrentInit: 'identity' });

    // At step 0 the identity carries the gradient back to t = 1: no step is exactly 0.
    expect(await label(page, 'sequence-grad-chart')).toMatch(/over 40 steps: [0-9.e+-]+ at t = 1, [0-9.e+-]+ at t = 40$/);
    expect(await label(page, 'sequence-grad-chart')).not.toMatch(/: 0 at t = 1/);

    await page.click('[data-testid="sequence-play"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="sequence-steps"]')?.textContent) >= 500, null, {
      timeout: 180_000,
    });
    await page.click('[data-testid="sequence-play"]');
    await page.waitForTimeout(500);
    expect(await seqSteps(page)).toBeGreaterThanOrEqual(500);
    // The MSE of always answering 1 is 1/6; the IRNN has learned to add within 500 steps (see the irnn-study table).
    expect(await testLoss(page)).toBeLessThan(0.1);
    expect(await label(page, 'sequence-heatmap')).toMatch(
      /^hidden state of example 1: 32 units over 40 steps, largest \|h\| [0-9.]+/,
    );
    const colours = await heatmapColours(page);
    expect(colours.coloured / colours.total).toBeGreaterThan(0.05);
    expect(await page.textContent('[data-testid="sequence-dead"]')).toMatch(/probe sequences/);
    await page.locator(panel).screenshot({ path: `${shots}sequence-irnn.png` });

    // Another example redraws the heatmap from the same frame.
    const before = await page.$eval('[data-testid="sequence-heatmap"]', (c) => (c as HTMLCanvasElement).toDataURL());
    await page.selectOption('[data-testid="sequence-example"]', '3');
    expect(await label(page, 'sequence-heatmap')).toMatch(/^hidden state of example 4:/);
    expect(await page.$eval('[data-testid="sequence-heatmap"]', (c) => (c as HTMLCanvasElement).toDataURL())).not.toBe(before);

    expect(page.errors).toEqual([]);
    await page.close();
  }, 300_000);
});
