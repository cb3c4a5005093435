import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { appRoot } from './harness';
import { useProductionPage } from './page-session';
import { type WatchedPage, change, open as openPage, ready, stepsAtLeast, text, train } from './page';

const session = useProductionPage(fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url)));

const open = (url = session.url): Promise<WatchedPage> => openPage(session.browser, url);
/** Roles of the things a user reads or operates; each needs an accessible name. */
const NAMED_ROLES = new Set([
  'button',
  'checkbox',
  'combobox',
  'spinbutton',
  'textbox',
  'slider',
  'link',
  'image',
  'img',
  'switch',
]);

/**
 * Elements with one of {@link NAMED_ROLES} whose accessible name, as Chromium computes it for screen readers, is
 * empty: their role, test id or tag.
 */
async function unnamed(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { ignored: boolean; role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number }[];
  };
  const out: string[] = [];
  for (const n of nodes) {
    if (n.ignored || !NAMED_ROLES.has(n.role?.value ?? '') || (n.name?.value ?? '').trim() !== '') continue;
    const { node } = (await cdp.send('DOM.describeNode', { backendNodeId: n.backendDOMNodeId })) as {
      node: { nodeName: string; attributes?: string[] };
    };
    const attrs = node.attributes ?? [];
    const testid = attrs[attrs.indexOf('data-testid') + 1];
    out.push(`${n.role?.value} ${attrs.includes('data-testid') ? testid : node.nodeName}`);
  }
  await cdp.detach();
  return out;
}

/** The accessible role and name Chromium gives the element with this test id. */
async function accessible(page: Page, testid: string): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument')) as { root: { nodeId: number } };
  const { nodeId } = (await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: `[data-testid="${testid}"]` })) as {
    nodeId: number;
  };
  const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })) as {
    nodes: { role?: { value: string }; name?: { value: string } }[];
  };
  await cdp.detach();
  return `${nodes[0]?.role?.value}: ${nodes[0]?.name?.value}`;
}

/** Top edge of an element, in CSS pixels from the top of the page. */
const top = (page: Page, testid: string): Promise<number> =>
  page.$eval(`[data-testid="${testid}"]`, (e) => e.getBoundingClientRect().top + window.scrollY);

/** Counts the messages the page sends to its worker (installed before the page's own script runs). */
async function countWorkerMessages(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { sentToWorker: number };
    w.sentToWorker = 0;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
      w.sentToWorker++;
      return post.apply(this, args);
    } as Worker['postMessage'];
  });
}
const sentToWorker = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { sentToWorker: number }).sentToWorker);

/** The heatmap's pixels, as a short fingerprint. */
const heatmapPixels = (page: Page): Promise<string> =>
  page.$eval('[data-testid="heatmap"]', (c) => (c as HTMLCanvasElement).toDataURL());

describe('every mode trains, and nothing wedges the page', () => {
  it('trains in every backend and gpu.js mode the menu offers: steps advance, the loss falls, the mode shown runs', async () => {
    const page = await open();
    await change(page, () => page.selectOption('[data-testid="backend"]', 'gpu'));
    const modes = await page.$$eval('[data-testid="gpu-mode"] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(modes).toEqual(['auto', 'webgl2', 'webgl', 'webgpu', 'cpu']);
    // In Chromium with SwiftShader (WebGL2, and WebGPU over SwiftShader's Vulkan) every mode runs as asked; auto
    // picks the best synchronous one, webgl2.
    const expected: Record<string, string> = { auto: 'webgl2', webgl2: 'webgl2', webgl: 'webgl', webgpu: 'webgpu', cpu: 'cpu' };
    for (const mode of modes) {
      await change(page, () => page.selectOption('[data-testid="gpu-mode"]', mode));
      const before = Number(await text(page, 'train-loss'));
      expect(await text(page, 'steps')).toBe('0');
      await train(page, 60);
      expect(Number(await text(page, 'train-loss')), mode).toBeLessThan(before);
      const status = await text(page, 'backend-status');
      expect(status, mode).toMatch(new RegExp(`^gpu · mode ${expected[mode]} \\(asked ${mode}\\)no layer fell back`));
      expect(await text(page, 'status'), mode).toBe('');
    }
    await change(page, () => page.selectOption('[data-testid="backend"]', 'cpu'));
    const before = Number(await text(page, 'train-loss'));
    await train(page, 60);
    expect(Number(await text(page, 'train-loss'))).toBeLessThan(before);
    expect(await text(page, 'backend-status')).toMatch(/^cpu · mode cpu/);
    // The preview server sends COOP and COEP: the page is cross-origin isolated and the CPU backend uses every core.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await text(page, 'backend-status')).toMatch(
      cores > 1 ? new RegExp(`${cores} CPU threads$`) : /1 CPU thread: threads: 1 was chosen$/,
    );
    expect(page.errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('"max" speed starts at once, after a reset and after a pause', async () => {
    const page = await open();
    await page.selectOption('[data-testid="speed"]', 'Infinity');
    for (let i = 0; i < 3; i++) {
      await change(page, () => page.click('[data-testid="reset"]'));
      await page.click('[data-testid="play"]');
      await stepsAtLeast(page, 20, 10_000);
      await page.click('[data-testid="play"]');
      const paused = Number(await text(page, 'steps'));
      await page.click('[data-testid="play"]');
      await stepsAtLeast(page, paused + 20, 10_000);
      await page.click('[data-testid="play"]');
    }
    await page.close();
  }, 120_000);

  it('a failure in the worker is said once in plain words; the page stays usable (no message storm)', async () => {
    const page = (await session.browser.newPage({ viewport: { width: 1440, height: 1000 } })) as WatchedPage;
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(e.message));
    await countWorkerMessages(page);
    // The MNIST digit files cannot be fetched: building the model fails in the worker.
    await page.route(/\/assets\/\d-[\w-]+\.js$/, (r) => r.abort());
    await page.goto(session.url);
    await ready(page);
    await page.selectOption('[data-testid="dataset"]', 'mnist');
    await page.waitForFunction(() => document.getElementById('app')?.dataset.ready === 'error', null, { timeout: 30_000 });
    const message = await text(page, 'status');
    expect(message).not.toBe('');
    expect(message).not.toMatch(/TypeError|Error:/);
    // Nothing to train until a build succeeds, and no pause/error ping-pong (it was ~12,000 messages a second).
    expect(await page.isDisabled('[data-testid="play"]')).toBe(true);
    const sent = await sentToWorker(page);
    await page.waitForTimeout(2000);
    expect((await sentToWorker(page)) - sent).toBe(0);
    // Back to a generated set: it builds and trains.
    await change(page, () => page.selectOption('[data-testid="dataset"]', 'circles'));
    await train(page, 30);
    expect(await text(page, 'status')).toBe('');
    await page.close();
  }, 120_000);
});

describe('one validation, kept focus, redraws', () => {
  it('refuses a link the page could not train, saying why in words; bounds the seed boxes', async () => {
    const bad = (json: string): string => `${session.url}#s=${Buffer.from(json).toString('base64url')}`;
    for (const [json, said] of [
      ['{"training":{"learningRate":1e999}}', /a learning rate of Infinity is too large/],
      ['{"dataset":{"seed":5e9}}', /a data seed of 5000000000 is too large; use a whole number from 0 to 4294967295/],
      [
        '{"network":{"hidden":[{"units":8,"activation":"prelu","hyper":{"numParameters":3}}]}}',
        /numParameters is 3 but the layer has 8 units/,
      ],
      ['{"network":{"hidden":[{"units":8,"activation":"gelu"}]}}', /no activation called "gelu"/],
    ] as const) {
      const page = await open(bad(json));
      expect(await text(page, 'import-error')).toMatch(said);
      // The default state trains instead; nothing hangs on "building".
      await train(page, 5);
      await page.close();
    }
    const page = await open();
    await page.fill('[data-testid="seed"]', '5000000000');
    await page.press('[data-testid="seed"]', 'Tab');
    expect(await page.getAttribute('[data-testid="seed"]', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('[data-testid="seed"]', 'title')).toBe(
      'a model seed of 5000000000 is too large; use a whole number from 0 to 4294967295',
    );
    expect(page.url()).not.toContain(Buffer.from('5000000000').toString('base64url').slice(0, 8));
    await page.close();
  }, 180_000);

  it('keeps keyboard focus on the control after changing an activation or adding a layer', async () => {
    const page = await open();
    await page.focus('[data-testid="layer-0-activation"]');
    await change(page, () => page.selectOption('[data-testid="layer-0-activation"]', 'elu'));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('layer-0-activation');
    await page.focus('[data-testid="add-layer"]');
    await change(page, () => page.keyboard.press('Enter'));
    expect(await text(page, 'layer-count')).toBe('3 hidden layers');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('add-layer');
    await page.close();
  }, 120_000);

  it('"show test points" redraws the output while paused', async () => {
    const page = await open();
    const shown = await heatmapPixels(page);
    await page.uncheck('[data-testid="show-test"]');
    const hidden = await heatmapPixels(page);
    expect(hidden).not.toBe(shown);
    await page.check('[data-testid="show-test"]');
    expect(await heatmapPixels(page)).toBe(shown);
    await page.close();
  }, 60_000);

  it('draws the heavy views on fewer frames when frames are slow; training goes on; the paused frame is drawn in full', async () => {
    const page = (await session.browser.newPage({ viewport: { width: 1440, height: 1000 } })) as WatchedPage;
    // Counts frames (step counter changes) and heatmap redraws (each starts with a clearRect on its canvas).
    await page.addInitScript(() => {
      const w = window as unknown as { heatmapDraws: number; frames: number };
      w.heatmapDraws = 0;
      w.frames = 0;
      const clear = CanvasRenderingContext2D.prototype.clearRect;
      CanvasRenderingContext2D.prototype.clearRect = function (this: CanvasRenderingContext2D, ...a) {
        if (this.canvas.dataset.testid === 'heatmap') w.heatmapDraws++;
        return clear.apply(this, a);
      };
      const watch = new MutationObserver(() => {
        const steps = document.querySelector('[data-testid="steps"]');
        if (!steps) return;
        watch.disconnect();
        new MutationObserver(() => w.frames++).observe(steps, { childList: true, characterData: true, subtree: true });
      });
      watch.observe(document, { childList: true, subtree: true });
    });
    await page.goto(session.url);
    await ready(page);
    const counts = () =>
      page.evaluate(() => {
        const w = window as unknown as { heatmapDraws: number; frames: number };
        return { draws: w.heatmapDraws, frames: w.frames };
      });
    const cdp = await page.context().newCDPSession(page);
    // Each frame's drawing now costs far more than 16 ms, as on software GL with many canvases.
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 40 });
    await page.selectOption('[data-testid="speed"]', '2000');
    await page.click('[data-testid="play"]');
    await page.waitForFunction(
      () => /redraw on 1 frame in [2-8]/.test(document.querySelector('[data-testid="pace-note"]')?.textContent ?? ''),
      null,
      {
        timeout: 60_000,
      },
    );
    const before = { ...(await counts()), steps: Number(await text(page, 'steps')) };
    await page.waitForFunction((f) => (window as unknown as { frames: number }).frames >= f + 12, before.frames, {
      timeout: 120_000,
    });
    const after = { ...(await counts()), steps: Number(await text(page, 'steps')) };
    expect(after.steps).toBeGreaterThan(before.steps);
    const frames = after.frames - before.frames;
    const draws = after.draws - before.draws;
    expect(draws).toBeGreaterThan(0);
    expect(draws).toBeLessThan(frames * 0.75);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.click('[data-testid="play"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="play"]')?.textContent === 'Play');
    await page.waitForTimeout(500);
    expect(await text(page, 'pace-note')).toBe('');
    // The paused frame was drawn: redrawing the last frame received gives the same pixels.
    const paused = await heatmapPixels(page);
    await page.uncheck('[data-testid="show-test"]');
    await page.check('[data-testid="show-test"]');
    expect(await heatmapPixels(page)).toBe(paused);
    await page.close();
  }, 240_000);

  it('a scenario stops at its step count, and the views show the run the user picks', async () => {
    const page = await open();
    await change(page, () => page.click('[data-testid="scenario-imbalanced-data"]'));
    await page.waitForFunction(() => document.querySelector('[data-testid="play"]')?.textContent === 'Play', null, {
      timeout: 120_000,
    });
    expect(await text(page, 'steps')).toBe('300');
    expect(await text(page, 'stop-note')).toMatch(/stopped at the scenario's 300 steps/);
    // The prompt's number: minority recall per run.
    for (let i = 0; i < 3; i++) expect(await text(page, `compare-recall-${i}`)).toMatch(/^\d+\.\d%$/);
    const balanced = await heatmapPixels(page);
    await page.selectOption('[data-testid="shown-run"]', '1');
    await page.waitForFunction(() =>
      /run 2 of 3: 10% positive/.test(document.querySelector('[data-testid="main-run"]')?.textContent ?? ''),
    );
    expect(await heatmapPixels(page)).not.toBe(balanced);
    await page.close();
  }, 180_000);
});

describe('the dev server', () => {
  it('pre-bundles gpu.js: the first GPU selection does not reload the page', async () => {
    // A fresh dependency cache, as on a first start: that is when Vite used to find gpu.js late and reload.
    const cacheDir = mkdtempSync(`${tmpdir()}/rectify-vite-`);
    const dev = await createServer({
      root: appRoot,
      configFile: `${appRoot}vite.config.ts`,
      server: { host: '127.0.0.1', port: 0 },
      cacheDir,
      logLevel: 'warn',
    });
    await dev.listen();
    try {
      const page = await session.browser.newPage();
      let loads = 0;
      page.on('load', () => loads++);
      await page.goto(dev.resolvedUrls!.local[0]);
      await ready(page);
      await change(page, () => page.selectOption('[data-testid="backend"]', 'gpu'));
      await train(page, 5);
      expect(loads).toBe(1);
      await page.close();
    } finally {
      await dev.close();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('why units die', () => {
  it('counts and marks dead and saturated units apart, and draws f, f′ over the layer inputs', async () => {
    const link = (json: string): string => `${session.url}#s=${Buffer.from(json).toString('base64url')}`;
    // Sigmoid units fed inputs near −12: f′ ≈ 6e-6 on every probe input, below the stated 0.01, but not 0.
    const page = await open(link('{"network":{"hidden":[{"units":8,"activation":"sigmoid"}]},"training":{"biasInit":-12}}'));
    expect(await text(page, 'stats-saturated-0')).toBe('8/8');
    expect(await text(page, 'stats-dead-0')).toBe('0/8');
    expect(await text(page, 'layer-0-dead')).toBe('0/8 dead · 8 saturated');
    expect(await page.locator('[data-testid="layer-0"] canvas.thumb.saturated').count()).toBe(8);
    expect(await page.getAttribute('[data-testid="layer-0"] canvas.thumb', 'aria-label')).toMatch(/unit 1: saturated/);
    expect(await page.getAttribute('[data-testid="stats-curve-0"]', 'aria-label')).toMatch(
      /^layer 1, sigmoid: f\(x\) solid, f′\(x\) dashed, .* 100% of them below 0$/,
    );
    await page.close();
    // ReLU units fed inputs near −30: dead. The mark is a double outline (a pattern, not only a colour) at ≥ 3:1.
    const relu = await open(link('{"training":{"biasInit":-30}}'));
    expect(await text(relu, 'stats-dead-0')).toBe('8/8');
    expect(await text(relu, 'stats-saturated-0')).toBe('0/8');
    const mark = await relu.$eval('[data-testid="layer-0"] canvas.thumb.dead', (c) => {
      const s = getComputedStyle(c);
      return { style: s.borderTopStyle, colour: s.borderTopColor };
    });
    expect(mark.style).toBe('double');
    const [r, g, b] = (mark.colour.match(/\d+/g) ?? []).map(Number);
    const lin = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    expect(1.05 / (luminance + 0.05)).toBeGreaterThanOrEqual(3);
    await relu.close();
  }, 120_000);
});

describe('phones and accessibility', () => {
  it('fits a 390 × 844 phone without sideways scrolling, Play, the network and the output first; axe finds nothing serious', async () => {
    const page = await openPage(session.browser, session.url, { width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await top(page, 'play')).toBeLessThan(120);
    expect(await top(page, 'network')).toBeLessThan(await top(page, 'heatmap'));
    // The output starts within the first screen and a half (it was 1,653 px down), before every control panel.
    expect(await top(page, 'heatmap')).toBeLessThan(844 * 1.5);
    for (const panel of ['training-panel', 'data-panel', 'backend-panel', 'layer-stats'])
      expect(await top(page, panel)).toBeGreaterThan(await top(page, 'heatmap'));
    expect(await axeViolations(page)).toEqual([]);
    await train(page, 20);
    expect(await text(page, 'live')).toMatch(/^paused at step \d+, train loss \d/);
    await page.close();
  }, 120_000);

  it('axe finds no serious or critical violation on the main views: a scenario with its table, and MNIST', async () => {
    const page = await open();
    await change(page, () => page.click('[data-testid="scenario-cures-keep-units-alive"]'));
    await stepsAtLeast(page, 30);
    await page.click('[data-testid="play"]');
    expect(await axeViolations(page)).toEqual([]);
    await change(page, () => page.selectOption('[data-testid="dataset"]', 'mnist'));
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  }, 180_000);

  it('names every control, canvas and input/output node for screen readers', async () => {
    const page = await open();
    expect(await unnamed(page)).toEqual([]);
    expect(await accessible(page, 'input-node-0')).toBe('image: input x₁ (horizontal axis of the plane)');
    expect(await accessible(page, 'input-node-1')).toBe('image: input x₂ (vertical axis of the plane)');
    expect(await accessible(page, 'output-node-0')).toMatch(/^image: output: the logit of the blue class/);
    await change(page, () => page.selectOption('[data-testid="dataset"]', 'mnist'));
    expect(await unnamed(page)).toEqual([]);
    expect(await accessible(page, 'input-node-0')).toMatch(/^image: the 28 × 28 = 784 pixels of a digit/);
    expect(await accessible(page, 'output-node-3')).toBe('image: output 3: logit of digit 3');
    await page.close();
  }, 180_000);
});

describe('a way in', () => {
  it('invites, explains with links that start scenarios, tours them, and explains the metrics on keyboard focus', async () => {
    const page = await open();
    expect(await text(page, 'invite')).toMatch(/^Watch ReLU units learn, die and come back/);
    await change(page, () => page.click('[data-testid="about-negative-bias-kills-at-birth"]'));
    expect(await text(page, 'scenario-about')).toMatch(/large negative bias kills ReLU units/);
    await change(page, () => page.click('[data-testid="tour-start"]'));
    expect(await text(page, 'tour')).toMatch(/^Tour 1 of \d+/);
    expect(await text(page, 'scenario-about')).toMatch(/ReLU converges faster/);
    await change(page, () => page.click('[data-testid="tour-next"]'));
    expect(await text(page, 'tour')).toMatch(/^Tour 2 of \d+/);
    expect(await text(page, 'tour-why')).toMatch(/^Why: Backpropagation multiplies one slope per layer/);
    await change(page, () => page.click('[data-testid="tour-prev"]'));
    expect(await text(page, 'tour')).toMatch(/^Tour 1 of \d+/);
    await page.click('[data-testid="play"]');
    // The dead-units column explains itself on keyboard focus, with the exact definition.
    await page.waitForTimeout(300);
    expect(await text(page, 'stats-head-1')).toBe('dead units');
    await page.focus('[data-testid="stats-head-1"]');
    const shown = await page.evaluate(() => getComputedStyle(document.activeElement!, '::after').content);
    expect(shown).toMatch(/no gradient flows through the unit for any of the 256 probe inputs/);
    await page.close();
  }, 120_000);
});

describe('what TensorFlow Playground users miss', () => {
  it('input features: x₁² and x₂² add named input nodes, train, and travel in the shared link', async () => {
    const page = await open();
    expect(await page.locator('[data-testid^="input-node-"]').count()).toBe(2);
    await change(page, () => page.check('[data-testid="feature-x1sq"]'));
    await change(page, () => page.check('[data-testid="feature-x2sq"]'));
    expect(await page.locator('[data-testid^="input-node-"]').count()).toBe(4);
    expect(await accessible(page, 'input-node-2')).toBe('image: input x₁² (the square of the horizontal coordinate)');
    expect(await text(page, 'input-node-3')).toBe('x₂²');
    const hash = await page.evaluate(() => location.hash);
    const state = JSON.parse(Buffer.from(hash.slice(3), 'base64url').toString());
    expect(state.dataset.features).toEqual(['x1sq', 'x2sq']);
    await train(page, 150);
    expect(Number(await text(page, 'test-accuracy').then((t) => t.replace('%', '')))).toBeGreaterThan(90);
    const again = await open(`${session.url}${hash}`);
    expect(await again.isChecked('[data-testid="feature-x1sq"]')).toBe(true);
    expect(await again.isChecked('[data-testid="feature-x1x2"]')).toBe(false);
    expect(await again.locator('[data-testid^="input-node-"]').count()).toBe(4);
    await again.close();
    // MNIST reads its pixels: the feature boxes go away and the features are dropped.
    await change(page, () => page.selectOption('[data-testid="dataset"]', 'mnist'));
    expect(await page.isVisible('[data-testid="features"]')).toBe(false);
    expect(await page.locator('[data-testid^="input-node-"]').count()).toBe(1);
    await page.close();
  }, 240_000);

  it('the output has x₁ and x₂ axes and a colour legend that follows the task', async () => {
    const page = await open();
    expect(await page.$$eval('[data-testid="axis-x1"] span', (s) => s.map((e) => e.textContent))).toEqual(['−1', '0', '1', 'x₁']);
    expect(await page.$$eval('[data-testid="axis-x2"] span', (s) => s.map((e) => e.textContent))).toEqual(['−1', '0', '1', 'x₂']);
    // The 0 tick sits over the middle of the heatmap.
    const [tick, map] = await Promise.all([
      page.$eval('[data-testid="axis-x1"] span:nth-child(2)', (e) => e.getBoundingClientRect()),
      page.$eval('[data-testid="heatmap"]', (e) => e.getBoundingClientRect()),
    ]);
    expect(Math.abs(tick.x + tick.width / 2 - (map.x + map.width / 2))).toBeLessThan(1.5);
    expect(await accessible(page, 'output-legend')).toBe('image: colour legend: p = 0 (orange class), 0.5, 1 (blue class)');
    await change(page, () => page.selectOption('[data-testid="dataset"]', 'bumps'));
    expect(await accessible(page, 'output-legend')).toBe('image: colour legend: ŷ ≤ −1.25, 0, ≥ 1.25 (regression output ŷ)');
    await page.close();
  }, 120_000);

  it('compare charts: a toggle per run hides its curves, and the run the views show is drawn thick', async () => {
    const page = await open();
    expect(await page.isVisible('[data-testid="run-toggles"]')).toBe(false);
    for (const a of ['relu', 'tanh', 'swish']) await page.check(`[data-testid="compare-${a}"]`);
    await change(page, () => page.click('[data-testid="compare-apply"]'));
    await train(page, 30);
    const label = (id: string) => page.getAttribute(`[data-testid="${id}"]`, 'aria-label');
    expect(await label('loss-chart')).toMatch(/; runs drawn: tanh, relu, swish; thick: tanh$/);
    const pixels = () => page.$eval('[data-testid="loss-chart"]', (c) => (c as HTMLCanvasElement).toDataURL());
    const all = await pixels();
    await page.uncheck('[data-testid="run-toggle-1"]');
    expect(await label('loss-chart')).toMatch(/; runs drawn: tanh, swish; thick: tanh$/);
    expect(await label('accuracy-chart')).toMatch(/; runs drawn: tanh, swish; thick: tanh$/);
    expect(await pixels()).not.toBe(all);
    await page.check('[data-testid="run-toggle-1"]');
    expect(await pixels()).toBe(all);
    // The run picker moves the thick line (and the other views) to another run.
    await page.selectOption('[data-testid="shown-run"]', '2');
    await page.waitForFunction(() =>
      /thick: swish$/.test(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('aria-label') ?? ''),
    );
    expect(await label('loss-chart')).toMatch(/; runs drawn: tanh, relu, swish; thick: swish$/);
    await page.close();
  }, 180_000);

  it('hovering a neuron thumbnail enlarges it and shows its incoming weights', async () => {
    const link = (json: string): string => `${session.url}#s=${Buffer.from(json).toString('base64url')}`;
    // The constant initialiser sets every weight to 0.1: the hover must say exactly that before any step.
    const page = await open(
      link(
        '{"network":{"hidden":[{"units":3,"activation":"relu"},{"units":2,"activation":"relu"}]},"training":{"kernelInit":"constant"}}',
      ),
    );
    await page.hover('[data-testid="layer-0"] canvas.thumb >> nth=1');
    expect(await page.getAttribute('[data-testid="layer-0"] canvas.thumb >> nth=1', 'title')).toBe(
      'layer 1, unit 2: weights in: x₁ 0.100, x₂ 0.100',
    );
    const scale = await page.$eval('[data-testid="layer-0"] canvas.thumb:hover', (c) => getComputedStyle(c).transform);
    expect(scale).toBe('matrix(3, 0, 0, 3, 0, 0)');
    await page.hover('[data-testid="layer-1"] canvas.thumb >> nth=0');
    expect(await page.getAttribute('[data-testid="layer-1"] canvas.thumb >> nth=0', 'title')).toBe(
      'layer 2, unit 1: weights in: unit 1 0.100, unit 2 0.100, unit 3 0.100',
    );
    // After training the weights differ, and the hover reads the new ones.
    await train(page, 50);
    await page.hover('[data-testid="heatmap"]');
    await page.hover('[data-testid="layer-0"] canvas.thumb >> nth=1');
    expect(await page.getAttribute('[data-testid="layer-0"] canvas.thumb >> nth=1', 'title')).not.toContain('x₁ 0.100, x₂ 0.100');
    await page.close();
  }, 120_000);
});
