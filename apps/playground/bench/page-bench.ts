/**
 * Page benchmark (a script, not a test): for the first view and MNIST, in Chromium with software GL (SwiftShader)
 * and with GPU compositing off, the time from pressing Play to the first training step, the steps per second and
 * the main thread's long tasks (> 50 ms) over 10 s of training at "max" speed. Run: `pnpm bench:page`.
 */
import { chromium } from 'playwright-core';
import { chromiumArgs, requireChromium, serveProductionBuild } from '../e2e/harness';

const TRAIN_MS = 10_000;

interface Row {
  readonly view: string;
  readonly flags: string;
  readonly firstStepMs: number;
  readonly stepsPerSecond: number;
  readonly longTasks: number;
  readonly longestMs: number;
  readonly longTotalMs: number;
}

const configs = [
  { flags: 'software GL (SwiftShader)', args: chromiumArgs },
  { flags: 'GPU compositing off', args: [...chromiumArgs, '--disable-gpu-compositing'] },
];

async function measure(url: string, view: 'first view' | 'MNIST', flags: string, args: string[]): Promise<Row> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url);
    await page.waitForSelector('#app[data-ready="true"]', { timeout: 120_000 });
    if (view === 'MNIST') {
      await page.evaluate(() => document.getElementById('app')!.setAttribute('data-ready', 'false'));
      await page.selectOption('[data-testid="dataset"]', 'mnist');
      await page.waitForSelector('#app[data-ready="true"]', { timeout: 120_000 });
    }
    await page.selectOption('[data-testid="speed"]', 'Infinity');
    await page.evaluate(() => {
      (window as unknown as { longTasks: number[] }).longTasks.length = 0;
    });
    const t0 = Date.now();
    await page.click('[data-testid="play"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="steps"]')?.textContent) > 0, null, {
      timeout: 60_000,
      polling: 5,
    });
    const firstStepMs = Date.now() - t0;
    const s0 = Number(await page.textContent('[data-testid="steps"]'));
    const t1 = Date.now();
    await page.waitForTimeout(TRAIN_MS);
    const s1 = Number(await page.textContent('[data-testid="steps"]'));
    const elapsed = (Date.now() - t1) / 1000;
    const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.slice());
    return {
      view,
      flags,
      firstStepMs,
      stepsPerSecond: (s1 - s0) / elapsed,
      longTasks: tasks.length,
      longestMs: Math.max(0, ...tasks),
      longTotalMs: tasks.reduce((a, b) => a + b, 0),
    };
  } finally {
    await browser.close();
  }
}

requireChromium();
const { url, server } = await serveProductionBuild();
const rows: Row[] = [];
try {
  for (const c of configs)
    for (const view of ['first view', 'MNIST'] as const) rows.push(await measure(url, view, c.flags, c.args));
} finally {
  await server.close();
}
console.log('| view | Chromium | Play → first step | steps/s | long tasks in 10 s | longest | total |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(
    `| ${r.view} | ${r.flags} | ${r.firstStepMs} ms | ${r.stepsPerSecond.toFixed(0)} | ${r.longTasks} | ${r.longestMs.toFixed(0)} ms | ${r.longTotalMs.toFixed(0)} ms |`,
  );
}
