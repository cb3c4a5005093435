import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { change, open, text, train } from './page';
import { useProductionPage } from './page-session';

const shots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const session = useProductionPage(shots);

/** Distinct colours of a canvas: a blank one has 1. */
const colours = (page: Page, selector: string): Promise<number[]> =>
  page.$$eval(selector, (cs) =>
    (cs as HTMLCanvasElement[]).map((c) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let k = 0; k < d.length; k += 4) seen.add((d[k] << 16) | (d[k + 1] << 8) | d[k + 2]);
      return seen.size;
    }),
  );

describe('a CNN on MNIST in Chromium', () => {
  it('is built in the network panel, carried by the link, trains, and shows its filters and feature maps', async () => {
    const page = await open(session.browser, session.url);
    await change(page, () => page.selectOption('[data-testid="dataset"]', 'mnist'));
    await page.waitForFunction(() => document.querySelector('[data-testid="loading"]')?.childElementCount === 0, null, {
      timeout: 120_000,
    });
    expect(await text(page, 'conv-count')).toBe('no convolutions: dense layers read the pixels');
    await change(page, () => page.click('[data-testid="add-conv"]'));
    await change(page, () => page.click('[data-testid="add-pool"]'));
    await change(page, () => page.click('[data-testid="add-conv"]'));
    await change(page, async () => {
      await page.fill('[data-testid="conv-2-channels"]', '12');
      await page.press('[data-testid="conv-2-channels"]', 'Tab');
    });
    expect(await text(page, 'conv-count')).toBe('3 convolution stages');
    // The drawing's stacks follow the convolution arithmetic: 28 → 28 (3×3, pad 1) → 14 (pool 2) → 14.
    const captions = await page.$$eval('[data-testid="conv-drawing"] figcaption', (fs) => fs.map((f) => f.textContent));
    expect(captions).toEqual(['input1×28×28', 'conv 3×38×28×28', 'max pool 28×14×14', 'conv 3×312×14×14']);
    expect(await text(page, 'fm-flatten')).toBe('flatten → 2352');
    // The link carries the stages.
    const conv = await page.evaluate(
      () => JSON.parse(atob(location.hash.slice(3).replace(/-/g, '+').replace(/_/g, '/'))).network.conv,
    );
    expect(conv).toEqual([
      { kind: 'conv', channels: 8, kernel: 3, stride: 1, padding: 1, activation: 'relu' },
      { kind: 'pool', pool: 'max', size: 2 },
      { kind: 'conv', channels: 12, kernel: 3, stride: 1, padding: 1, activation: 'relu' },
    ]);
    // A stage that does not fit is refused with the reason, and the network stays as it was.
    const setNumber = async (id: string, v: string) => {
      await page.fill(`[data-testid="${id}"]`, v);
      await page.press(`[data-testid="${id}"]`, 'Tab');
    };
    await change(page, () => setNumber('conv-1-size', '4'));
    await change(page, () => setNumber('conv-2-padding', '0'));
    expect(await text(page, 'network-error')).toBe('');
    await setNumber('conv-2-kernel', '9');
    await page.waitForFunction(() => document.querySelector('[data-testid="network-error"]')?.textContent !== '');
    expect(await text(page, 'network-error')).toMatch(
      /^convolution stage 3: a 9×9 kernel with padding 0 does not fit its 7×7 input/,
    );
    expect(await text(page, 'fm-flatten')).toBe('flatten → 300');
    await change(page, () => setNumber('conv-1-size', '2'));
    await change(page, () => setNumber('conv-2-padding', '1'));
    expect(await text(page, 'fm-flatten')).toBe('flatten → 2352');

    const before = Number(await text(page, 'train-loss'));
    await train(page, 60);
    expect(Number(await text(page, 'train-loss'))).toBeLessThan(before * 0.8);
    await page.waitForSelector('[data-testid="feature-maps"]:not([hidden])');
    // Eight first-layer filters, each a 3 × 3 picture that is not blank.
    const filters = await colours(page, '[data-testid="filters"] canvas');
    expect(filters).toHaveLength(8);
    for (const n of filters) expect(n).toBeGreaterThan(1);
    // Feature maps of both conv stages for the picked image; each stage's summary counts the outlined dead channels.
    for (const [stage, channels] of [
      [0, 8],
      [1, 12],
    ] as const) {
      expect(await page.locator(`[data-testid="fm-stage-${stage}"] figure`).count()).toBe(channels);
      const summary = await text(page, `fm-stage-${stage}-summary`);
      const m = /zeros (\d+)% · dead (\d+)\/(\d+)$/.exec(summary);
      expect(m, summary).not.toBeNull();
      expect(Number(m?.[3])).toBe(channels);
      expect(await page.locator(`[data-testid="fm-stage-${stage}"] figure.dead`).count()).toBe(Number(m?.[2]));
      // ReLU feature maps are sparse: some zeros, not all.
      expect(Number(m?.[1])).toBeGreaterThan(5);
      expect(Number(m?.[1])).toBeLessThan(100);
    }
    const mapsOf = () =>
      page.$$eval('[data-testid="fm-stage-0"] canvas', (cs) => (cs as HTMLCanvasElement[]).map((c) => c.toDataURL()));
    const first = await mapsOf();
    await page.click('[data-testid="fm-image-3"]');
    expect(await page.getAttribute('[data-testid="fm-image-3"]', 'aria-pressed')).toBe('true');
    expect(await mapsOf()).not.toEqual(first);
    expect(await axeViolations(page)).toEqual([]);
    expect(page.errors).toEqual([]);
    await page.locator('[data-testid="network"]').screenshot({ path: `${shots}cnn-network.png` });
    await page.locator('[data-testid="feature-maps"]').screenshot({ path: `${shots}cnn-feature-maps.png` });

    // The link rebuilds the same CNN in a fresh page.
    const link = page.url();
    const again = await open(session.browser, link);
    expect(await text(again, 'conv-count')).toBe('3 convolution stages');
    expect(await again.inputValue('[data-testid="conv-2-channels"]')).toBe('12');
    expect(again.errors).toEqual([]);
    await again.close();
    await page.close();
  }, 300_000);

  it('learns bars and stripes with a small CNN: no plane to draw, the feature maps instead', async () => {
    const page = await open(session.browser, session.url);
    await change(page, () => page.selectOption('[data-testid="dataset"]', 'bars'));
    expect(await page.isHidden('[data-testid="heatmap"]')).toBe(true);
    expect(await text(page, 'output-note')).toMatch(/^Bars and stripes: images/);
    await change(page, () => page.click('[data-testid="add-conv"]'));
    await change(page, () => page.click('[data-testid="add-pool"]'));
    const captions = await page.$$eval('[data-testid="conv-drawing"] figcaption', (fs) => fs.map((f) => f.textContent));
    expect(captions).toEqual(['input1×12×12', 'conv 3×38×12×12', 'max pool 28×6×6']);
    await train(page, 150);
    // Four classes: chance is 25 %.
    expect(Number.parseFloat(await text(page, 'test-accuracy'))).toBeGreaterThan(60);
    expect(await page.locator('[data-testid="fm-stage-0"] figure').count()).toBe(8);
    expect(await page.locator('[data-testid="filters"] canvas').count()).toBe(8);
    // Switching to a plane set drops the stages: convolutions need images.
    await change(page, () => page.selectOption('[data-testid="dataset"]', 'circles'));
    expect(await page.locator('[data-testid="conv-front"]').count()).toBe(0);
    expect(await page.isHidden('[data-testid="feature-maps"]')).toBe(true);
    expect(await page.isVisible('[data-testid="heatmap"]')).toBe(true);
    const network = await page.evaluate(
      () => JSON.parse(atob(location.hash.slice(3).replace(/-/g, '+').replace(/_/g, '/'))).network,
    );
    expect('conv' in network).toBe(false);
    expect(page.errors).toEqual([]);
    await page.close();
  }, 300_000);
});
