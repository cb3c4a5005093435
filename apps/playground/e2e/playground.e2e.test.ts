import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, requireChromium, serveProductionBuild } from './harness';

const shots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
let browser: Browser;
let server: PreviewServer;
let baseUrl: string;

beforeAll(async () => {
  requireChromium();
  mkdirSync(shots, { recursive: true });
  ({ url: baseUrl, server } = await serveProductionBuild());
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the page (optionally at a shared link) and waits until the worker has built the model. */
async function open(url = baseUrl): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(url);
  await ready(page);
  return page;
}

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('#app[data-ready="true"]', { timeout: 120_000 });
}

const text = async (page: Page, id: string): Promise<string> => (await page.textContent(`[data-testid="${id}"]`)) ?? '';
const steps = async (page: Page): Promise<number> => Number(await text(page, 'steps'));

/** Plays until at least `n` steps are done, then pauses. */
async function train(page: Page, n: number): Promise<void> {
  await page.selectOption('[data-testid="speed"]', '2000');
  await page.click('[data-testid="play"]');
  await page.waitForFunction((k) => Number(document.querySelector('[data-testid="steps"]')?.textContent) >= k, n, {
    timeout: 120_000,
  });
  await page.click('[data-testid="play"]');
  await page.waitForTimeout(300);
}

/** Changes a control and waits for the rebuilt model. */
async function change(page: Page, action: () => Promise<unknown>): Promise<void> {
  await page.evaluate(() => document.getElementById('app')!.setAttribute('data-ready', 'false'));
  await action();
  await ready(page);
}

describe('the playground, driven in Chromium', () => {
  it('builds a network with an activation per layer, trains it, and shows the loss falling and dead-unit counts', async () => {
    const page = await open();
    await change(page, () => page.click('[data-testid="add-layer"]'));
    expect(await text(page, 'layer-count')).toBe('3 hidden layers');
    await change(page, () => page.click('[data-testid="layer-2-plus"]'));
    expect(await page.inputValue('[data-testid="layer-2-units"]')).toBe('9');
    await change(page, () => page.selectOption('[data-testid="layer-1-activation"]', 'leaky-relu'));
    await change(page, () => page.selectOption('[data-testid="layer-2-activation"]', 'elu'));
    const rows = await page.locator('[data-testid^="stats-row-"] td:first-child').allTextContents();
    expect(rows).toEqual(['1 · relu', '2 · leaky-relu', '3 · elu']);
    const before = Number(await text(page, 'train-loss'));
    await train(page, 300);
    const after = Number(await text(page, 'train-loss'));
    expect(after).toBeLessThan(before * 0.6);
    expect(await text(page, 'stats-dead-0')).toMatch(/^\d+\/8$/);
    expect(await text(page, 'stats-dead-2')).toMatch(/^\d+\/9$/);
    expect(await text(page, 'layer-0-dead')).toMatch(/^\d+\/8 dead$/);
    expect(Number((await text(page, 'test-accuracy')).replace('%', ''))).toBeGreaterThan(80);
    await page.screenshot({ path: `${shots}playground.png`, fullPage: true });
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('switches to the gpu backend and reports the mode that really runs, and any fallback', async () => {
    const page = await open();
    await change(page, () => page.selectOption('[data-testid="layer-0-activation"]', 'leaky-relu'));
    await change(page, () => page.selectOption('[data-testid="layer-1-activation"]', 'leaky-relu'));
    await change(page, () => page.selectOption('[data-testid="backend"]', 'gpu'));
    expect(await text(page, 'backend-status')).toMatch(/^gpu · mode (webgl2|webgl|webgpu|webasm|cpu) \(asked auto\)/);
    const before = Number(await text(page, 'train-loss'));
    await train(page, 100);
    expect(Number(await text(page, 'train-loss'))).toBeLessThan(before);
    // Chromium's WebGL2 (SwiftShader) runs Leaky ReLU on the GPU: the mode stays a GPU mode after training.
    expect(await text(page, 'backend-status')).toMatch(/^gpu · mode webgl2/);
    await page.locator('[data-testid="backend-panel"]').screenshot({ path: `${shots}gpu-backend.png` });
    // The default ReLU network: it trains, and if the device cannot run it the switch to the CPU is shown, not hidden.
    await change(page, () => page.selectOption('[data-testid="layer-0-activation"]', 'relu'));
    await change(page, () => page.selectOption('[data-testid="layer-1-activation"]', 'relu'));
    const start = Number(await text(page, 'train-loss'));
    await train(page, 100);
    expect(Number(await text(page, 'train-loss'))).toBeLessThan(start);
    const status = await text(page, 'backend-status');
    if (/mode cpu/.test(status)) expect(status).toMatch(/fallback: .+/);
    await page.locator('[data-testid="backend-panel"]').screenshot({ path: `${shots}gpu-backend-relu.png` });
    await page.close();
  }, 240_000);

  it('runs a scenario: a bias of -3 kills every ReLU unit while Leaky ReLU, PReLU and ELU stay alive', async () => {
    const page = await open();
    await change(page, () => page.click('[data-testid="scenario-negative-bias-kills-at-birth"]'));
    expect(await text(page, 'scenario-watch')).toMatch(/^Watch /);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="steps"]')?.textContent) >= 100, null, {
      timeout: 120_000,
    });
    expect(await page.locator('[data-testid^="compare-row-"]').count()).toBe(5);
    const dead = async (i: number): Promise<number> => Number((await text(page, `compare-dead-${i}`)).split('/')[0]);
    // ReLU with bias -3: (nearly) every unit dead; a rare first-layer unit with a large |w·x| may survive.
    expect(await dead(1)).toBeGreaterThanOrEqual(20);
    expect(await dead(1)).toBeGreaterThan(await dead(0));
    expect(await dead(2)).toBe(0);
    expect(await dead(3)).toBe(0);
    expect(await dead(4)).toBe(0);
    await page.click('[data-testid="play"]');
    await page.screenshot({ path: `${shots}scenario-negative-bias.png`, fullPage: true });
    await page.close();
  }, 240_000);

  it('compares activations side by side', async () => {
    const page = await open();
    await page.check('[data-testid="compare-relu"]');
    await page.check('[data-testid="compare-tanh"]');
    await page.check('[data-testid="compare-swish"]');
    await change(page, () => page.click('[data-testid="compare-apply"]'));
    await train(page, 200);
    const labels = await page.locator('[data-testid^="compare-row-"] td:first-child').allTextContents();
    // Runs follow the order of the activation list (registration order: core's baselines first).
    expect(labels).toEqual(['tanh', 'relu', 'swish']);
    await page.screenshot({ path: `${shots}compare.png`, fullPage: true });
    await page.close();
  }, 240_000);

  it('reloads the same state from a shared link', async () => {
    const page = await open();
    await change(page, () => page.selectOption('[data-testid="dataset"]', 'xor'));
    await change(page, () => page.selectOption('[data-testid="layer-0-activation"]', 'prelu'));
    await change(page, async () => {
      await page.fill('[data-testid="bias-init"]', '-0.5');
      await page.press('[data-testid="bias-init"]', 'Tab');
    });
    await page.click('[data-testid="share"]');
    const link = await page.inputValue('[data-testid="share-link"]');
    expect(link).toMatch(/#s=/);
    const loss = await text(page, 'train-loss');
    const again = await open(link);
    expect(await again.inputValue('[data-testid="dataset"]')).toBe('xor');
    expect(await again.inputValue('[data-testid="layer-0-activation"]')).toBe('prelu');
    expect(await again.inputValue('[data-testid="bias-init"]')).toBe('-0.5');
    expect(await text(again, 'train-loss')).toBe(loss);
    await again.click('[data-testid="step"]');
    await page.click('[data-testid="step"]');
    await again.waitForFunction(() => document.querySelector('[data-testid="steps"]')?.textContent === '1');
    await page.waitForFunction(() => document.querySelector('[data-testid="steps"]')?.textContent === '1');
    expect(await text(again, 'train-loss')).toBe(await text(page, 'train-loss'));
    // PReLU's learned slopes are shown per unit.
    expect(await text(again, 'stats-learned-0')).toMatch(/\d\.\d{3}/);
    await page.close();
    await again.close();
  }, 240_000);

  it('shows a clear error when a broken model file is imported, and imports a good one', async () => {
    const page = await open();
    await page.setInputFiles('[data-testid="import-file"]', {
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "rectify-model", "layers": ['),
    });
    await page.waitForSelector('[data-testid="import-error"].shown', { timeout: 30_000 });
    const first = await text(page, 'import-error');
    expect(first).toMatch(/^Import failed: /);
    await page.setInputFiles('[data-testid="import-file"]', {
      name: 'wrong.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 'rectify-model', formatVersion: 1, layers: 'nope' })),
    });
    await page.waitForFunction((prev) => {
      const t = document.querySelector('[data-testid="import-error"]')?.textContent ?? '';
      return t !== '' && t !== prev;
    }, first);
    // The error names where the file is wrong, as a JSON pointer.
    expect(await text(page, 'import-error')).toMatch(/^Import failed: \/\w+/);
    await page.locator('[data-testid="files-panel"]').screenshot({ path: `${shots}import-error.png` });
    // A model exported from the page imports back.
    await train(page, 50);
    const download = page.waitForEvent('download');
    await page.click('[data-testid="export-model"]');
    const file = await (await download).path();
    await page.setInputFiles('[data-testid="import-file"]', file);
    await page.waitForFunction(() => /imported/.test(document.querySelector('[data-testid="files-note"]')?.textContent ?? ''));
    expect(await text(page, 'import-error')).toBe('');
    await page.close();
  }, 240_000);

  it('fits a regression surface', async () => {
    const page = await open();
    await change(page, () => page.selectOption('[data-testid="dataset"]', 'bumps'));
    const before = Number(await text(page, 'train-loss'));
    await train(page, 1500);
    expect(Number(await text(page, 'train-loss'))).toBeLessThan(before * 0.5);
    expect(await text(page, 'test-accuracy')).toBe('—');
    await page.locator('[data-testid="heatmap"]').screenshot({ path: `${shots}regression.png` });
    await page.close();
  }, 240_000);

  it('loads MNIST lazily with a progress indicator and trains on it', async () => {
    const page = await open();
    await page.selectOption('[data-testid="dataset"]', 'mnist');
    await page.waitForSelector('[data-testid="loading"] progress', { timeout: 60_000 });
    await ready(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="loading"]')?.childElementCount === 0, null, {
      timeout: 120_000,
    });
    const before = Number(await text(page, 'train-loss'));
    await train(page, 150);
    expect(Number(await text(page, 'train-loss'))).toBeLessThan(before * 0.7);
    // Test digits with the guesses: more right than chance (10%) after training.
    expect(await page.locator('[data-testid="digits"] figure').count()).toBe(24);
    expect(await page.locator('[data-testid="digits"] figure.right').count()).toBeGreaterThan(4);
    await page.screenshot({ path: `${shots}mnist.png`, fullPage: true });
    await page.close();
  }, 300_000);
});
