import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tensor, loadModel } from '@rectify/core';
import * as ort from 'onnxruntime-node';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playgroundPlugins } from '../src/engine/plugins';
import { createPlaygroundRegistry } from '../src/engine/registry';
import { launchChromium, requireChromium, serveProductionBuild } from './harness';
import { type WatchedPage, change, open as openPage, ready, text, train } from './page';

const shots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const onnxFixtures = fileURLToPath(new URL('../../../packages/onnx/fixtures/', import.meta.url));
const torchFixture = fileURLToPath(new URL('./fixtures/circles-relu.onnx', import.meta.url));
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

const open = (url = baseUrl): Promise<WatchedPage> => openPage(browser, url);

/** Per thumbnail of a layer: how many distinct colours its canvas holds (1 for a blank or flat canvas). */
async function thumbColours(page: Page, layer: number): Promise<number[]> {
  return page.$$eval(`[data-testid="layer-${layer}"] canvas.thumb`, (cs) =>
    (cs as HTMLCanvasElement[]).map((c) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let k = 0; k < d.length; k += 4) seen.add((d[k] << 24) | (d[k + 1] << 16) | (d[k + 2] << 8) | d[k + 3]);
      return seen.size;
    }),
  );
}

/** The labels of the drawing's input and output nodes. */
async function ioNodes(page: Page): Promise<{ inputs: string[]; outputs: string[] }> {
  return {
    inputs: await page.locator('[data-testid="network-inputs"] [data-testid^="input-node-"]').allTextContents(),
    outputs: await page.locator('[data-testid="network-outputs"] [data-testid^="output-node-"]').allTextContents(),
  };
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
    // The drawing has its input (x₁, x₂) and output nodes, joined by lines like the hidden layers: 2 × 8, 8 × 8,
    // 8 × 9 and 9 × 1.
    expect(await ioNodes(page)).toEqual({ inputs: ['x₁', 'x₂'], outputs: ['p'] });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="weight-lines"]')?.getAttribute('data-per-pair') === '16,64,72,9',
    );
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
    // First layer: each unit's incoming weights as a 28 × 28 image, not a blank canvas.
    const first = await thumbColours(page, 0);
    expect(first).toHaveLength(8);
    for (const n of first) expect(n).toBeGreaterThan(20);
    expect(await page.getAttribute('[data-testid="layer-0"] canvas.thumb', 'title')).toMatch(
      /^layer 1, unit 1: incoming weights as a 28 × 28 image, scaled per unit: full blue = \+\d/,
    );
    expect(await text(page, 'layer-0-legend')).toMatch(/scaled per unit/);
    // Deeper layer: per-digit mean activation bars. A unit silent on every digit shows its baseline only (white and
    // grey); a live one has bars too (a third colour), and most units here are live.
    const deeper = await thumbColours(page, 1);
    expect(deeper).toHaveLength(8);
    for (const n of deeper) expect(n).toBeGreaterThanOrEqual(2);
    expect(deeper.filter((n) => n >= 3).length).toBeGreaterThan(4);
    // ReLU units are ≥ 0, so a unit without bars is 0 on every probe image, i.e. dead: it is marked as such.
    const deadMarks = await page.$$eval('[data-testid="layer-1"] canvas.thumb', (cs) =>
      cs.map((c) => c.classList.contains('dead')),
    );
    expect(deadMarks).toEqual(deeper.map((n) => n < 3));
    expect(await page.getAttribute('[data-testid="layer-1"] canvas.thumb', 'title')).toMatch(/mean activation per digit/);
    // Input block of 784 pixels and ten outputs; lines: one norm line into each of 8 units, 8 × 8, 8 × 10.
    expect(await ioNodes(page)).toEqual({ inputs: ['784 pixels'], outputs: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="weight-lines"]')?.getAttribute('data-per-pair') === '8,64,80',
    );
    // A live change redraws the panel without a rebuild and without new weights: the last images are drawn again
    // (the worker sends them only when the weights change).
    await page.fill('[data-testid="learning-rate"]', '0.01');
    await page.press('[data-testid="learning-rate"]', 'Tab');
    await page.waitForTimeout(300);
    expect(await page.inputValue('[data-testid="learning-rate"]')).toBe('0.01');
    for (const n of await thumbColours(page, 0)) expect(n).toBeGreaterThan(20);
    expect(await text(page, 'layer-1-dead')).toBe(`${deeper.filter((n) => n < 3).length}/8 dead`);
    expect(await page.locator('[data-testid="layer-1"] canvas.thumb.dead').count()).toBe(deeper.filter((n) => n < 3).length);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.screenshot({ path: `${shots}mnist.png`, fullPage: true });
    await page.locator('[data-testid="network"]').screenshot({ path: `${shots}mnist-network.png` });
    await page.close();
  }, 300_000);

  it("exports ONNX that onnxruntime runs with the same outputs as the page's model", async () => {
    const page = await open();
    await train(page, 150);
    const saved = async (testid: string): Promise<{ name: string; bytes: Buffer }> => {
      const download = page.waitForEvent('download');
      await page.click(`[data-testid="${testid}"]`);
      const d = await download;
      return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
    };
    const json = await saved('export-model');
    const onnx = await saved('export-onnx');
    expect(onnx.name).toBe('rectify-circles.onnx');
    expect(await text(page, 'files-note')).toBe(`exported ${onnx.bytes.length} bytes of ONNX`);
    // The page's model, loaded in Node from its JSON export, against onnxruntime on the ONNX export.
    const model = loadModel(json.bytes.toString('utf8'), { registry: createPlaygroundRegistry(playgroundPlugins) });
    const x = new Float32Array([0, 0, 1, -1, -2.5, 0.5, 3, 3, -0.3, 1.7]);
    const expected = model.predict(new Tensor(x, [5, 2])).data;
    const session = await ort.InferenceSession.create(new Uint8Array(onnx.bytes));
    const out = await session.run({ input: new ort.Tensor('float32', x, [5, 2]) });
    const got = out.output.data as Float32Array;
    expect(out.output.dims).toEqual([5, 1]);
    expect(new Set(Array.from(expected)).size).toBeGreaterThan(1);
    for (let i = 0; i < 5; i++) expect(got[i]).toBeCloseTo(expected[i], 5);
    // Swish has no ONNX mapping: the export fails with the PluginError naming the layer.
    await change(page, () => page.selectOption('[data-testid="layer-1-activation"]', 'swish'));
    await page.click('[data-testid="export-onnx"]');
    await page.waitForSelector('[data-testid="import-error"].shown', { timeout: 30_000 });
    expect(await text(page, 'import-error')).toMatch(/^Export failed: ONNX export of layers\.3: activation "swish"/);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('imports a torch ONNX file: its layers, dead units and weight lines appear, and it trains further', async () => {
    const page = await open();
    await page.setInputFiles('[data-testid="import-onnx"]', torchFixture);
    await page.waitForFunction(() => /imported/.test(document.querySelector('[data-testid="files-note"]')?.textContent ?? ''));
    expect(await text(page, 'import-notes')).toMatch(/pytorch.*opset 17/);
    expect(await text(page, 'layer-count')).toBe('2 hidden layers');
    expect(await page.inputValue('[data-testid="layer-0-units"]')).toBe('6');
    expect(await page.inputValue('[data-testid="layer-1-units"]')).toBe('5');
    // The fixture's dead units are built in (a bias of -100): 2 of 6, then 3 of 5.
    await page.waitForFunction(() => document.querySelector('[data-testid="layer-1-dead"]')?.textContent !== '');
    expect(await text(page, 'layer-0-dead')).toBe('2/6 dead');
    expect(await text(page, 'layer-1-dead')).toBe('3/5 dead');
    expect(await text(page, 'stats-dead-1')).toBe('3/5');
    // 2 × 6 + 6 × 5 + 5 × 1 = 47 weight lines; those touching a dead unit are faded: 2 × 2 into the dead units of
    // layer 1, 2 × 5 + 6 × 3 − 2 × 3 = 22 between the layers, 3 out of layer 2's dead units into the output: 29.
    await page.waitForFunction(() => document.querySelector('[data-testid="weight-lines"]')?.getAttribute('data-lines') === '47');
    expect(await page.getAttribute('[data-testid="weight-lines"]', 'data-per-pair')).toBe('12,30,5');
    expect(await page.getAttribute('[data-testid="weight-lines"]', 'data-faded')).toBe('29');
    expect(await page.locator('[data-testid="layer-0"] canvas.thumb.dead').count()).toBe(2);
    await page.locator('[data-testid="files-panel"]').screenshot({ path: `${shots}onnx-import.png` });
    await page.locator('[data-testid="network"]').screenshot({ path: `${shots}network-weights.png` });
    const before = Number(await text(page, 'train-loss'));
    await train(page, 100);
    expect(Number(await text(page, 'train-loss'))).toBeLessThan(before);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('shows what is wrong with an ONNX file it cannot import', async () => {
    const page = await open();
    const importOnnx = async (name: string, buffer: Buffer): Promise<string> => {
      const prev = await text(page, 'import-error');
      await page.setInputFiles('[data-testid="import-onnx"]', { name, mimeType: 'application/octet-stream', buffer });
      await page.waitForFunction((p) => {
        const t = document.querySelector('[data-testid="import-error"]')?.textContent ?? '';
        return t !== '' && t !== p;
      }, prev);
      return text(page, 'import-error');
    };
    expect(await importOnnx('broken.onnx', Buffer.from('this is not an ONNX file'))).toMatch(/^Import failed: /);
    const good = readFileSync(torchFixture);
    expect(await importOnnx('truncated.onnx', good.subarray(0, good.length >> 1))).toMatch(/^Import failed: /);
    expect(await importOnnx('relu.onnx', readFileSync(`${onnxFixtures}relu.onnx`))).toMatch(
      /^Import failed: the model maps \[4\] → \[3\] .*pick the data set/,
    );
    const unsupported = await importOnnx('unsupported.onnx', readFileSync(`${onnxFixtures}unsupported.onnx`));
    expect(unsupported).toMatch(/^Import failed: .*unsupported ONNX operators: Abs .*Mul .*Pow /);
    await page.locator('[data-testid="files-panel"]').screenshot({ path: `${shots}onnx-import-error.png` });
    // The page still holds its own model: it trains.
    await train(page, 20);
    expect(await text(page, 'layer-count')).toBe('2 hidden layers');
    await page.close();
  }, 240_000);

  it('puts BatchNorm after a layer from the panel: the drawing shows it, the link keeps it, and the network trains', async () => {
    const page = await open();
    await change(page, () => page.selectOption('[data-testid="layer-0-norm"]', 'batch-norm'));
    expect(await text(page, 'layer-0-kind')).toBe('dense → BatchNorm → ReLU');
    expect(await text(page, 'layer-1-kind')).toBe('dense → ReLU');
    await change(page, () => page.selectOption('[data-testid="layer-1-unit"]', 'maxout'));
    expect(await text(page, 'layer-1-kind')).toBe('Maxout ×2');
    expect(await page.locator('[data-testid="layer-1-activation"]').count()).toBe(0);
    expect(await page.locator('[data-testid^="stats-row-"] td:first-child').allTextContents()).toEqual([
      '1 · relu',
      '2 · maxout',
    ]);
    const before = Number(await text(page, 'train-loss'));
    await train(page, 300);
    expect(Number(await text(page, 'train-loss'))).toBeLessThan(before * 0.6);
    expect(await text(page, 'layer-0-dead')).toMatch(/^\d+\/8 dead$/);
    // The drawing joins 2 × 8, 8 × 8 and 8 × 1 with weight lines, as without the norm.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="weight-lines"]')?.getAttribute('data-per-pair') === '16,64,8',
    );
    // A shared link reopens the same layers.
    const again = await open(page.url());
    expect(await again.inputValue('[data-testid="layer-0-norm"]')).toBe('batch-norm');
    expect(await text(again, 'layer-1-kind')).toBe('Maxout ×2');
    expect(page.errors).toEqual([]);
    expect(again.errors).toEqual([]);
    await again.close();
    await page.close();
  });
});
