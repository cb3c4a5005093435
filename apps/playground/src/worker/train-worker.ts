/// <reference lib="webworker" />
import type { BackendReport } from '@rectify/core';
import { generateDataset } from '../data/generate';
import { loadMnist } from '../data/mnist';
import { browserDigitSource } from '../data/mnist-browser';
import type { Dataset } from '../data/types';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import { Trainer } from '../engine/trainer';
import type { DatasetSpec } from '../state/types';
import { validateState } from '../state/validate';
import { exportModel, importModel } from '../engine/model-io';
import { exportOnnxModel, hiddenSpecsOf, importOnnxModel } from '../engine/onnx-io';
import { ChangeGate, links, runFrame, visuals } from './frames';
import { refillBudget } from './budget';
import { makeBackend } from './make-backend';
import type { FromWorker, PlanePoints, RunSpec, ToWorker } from './protocol';
import { userMessage } from './user-message';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const registry = createPlaygroundRegistry(playgroundPlugins);
const dataCache = new Map<string, Dataset>();
let runs: { label: string; trainer: Trainer }[] = [];
let playing = false;
/** The newest build the page asked for; older queued builds are skipped. */
let latestInit = 0;
/** Generation of the models in `runs` (the page's number for the build). */
let current = 0;
let lastFrame = 0;
let awaitingAck = false;
let stepsPerSecond = 200;
let budget = 0;
let lastSlice = 0;
/** Training pauses by itself at this step (a scenario's step count). */
let stopAt: number | null = null;
/** The run the views show. */
let shown = 0;
/** Steps and time at the last frame, for the measured speed. */
let rateMark = { steps: 0, at: 0 };
let sliceQueued = false;
/** MNIST weight images go out only when the shown run's weights changed. */
const unitGate = new ChangeGate();

/** Frames are sent at most this often while playing, so drawing never starves training. */
const FRAME_MS = 120;
/** Training runs in slices of about this long between looks at the message queue. */
const SLICE_MS = 40;

function post(msg: FromWorker): void {
  scope.postMessage(msg);
}

/**
 * Every job that touches the models runs here, one after another: with async sessions (gpu webgpu) a training step
 * awaits the device, and a message arriving meanwhile must not rebuild or read the models under it.
 */
let queue: Promise<void> = Promise.resolve();
function exclusive(job: () => Promise<void>): Promise<void> {
  const next = queue.then(job);
  queue = next.catch(() => undefined);
  return next;
}

async function dataset(spec: DatasetSpec): Promise<Dataset> {
  const key = JSON.stringify(spec);
  let d = dataCache.get(key);
  if (!d) {
    d =
      spec.name === 'mnist'
        ? await loadMnist(spec, browserDigitSource, (loaded, total) =>
            post({ type: 'loading', loaded, total, what: 'MNIST digits' }),
          )
        : generateDataset(spec);
    dataCache.set(key, d);
  }
  return d;
}

/** The report's plain data: backends may add functions (live counters) that cannot cross to the page. */
function plainReport(r: BackendReport | null): BackendReport | null {
  if (!r) return null;
  return {
    backend: r.backend,
    mode: r.mode,
    ...(r.requestedMode === undefined ? {} : { requestedMode: r.requestedMode }),
    ...(r.modeFallbackReason === undefined ? {} : { modeFallbackReason: r.modeFallbackReason }),
    fallbacks: r.fallbacks.map((f) => ({ layer: f.layer, ranOn: f.ranOn, reason: f.reason })),
    transfers: { toDevice: r.transfers.toDevice, toHost: r.transfers.toHost },
    ...(r.threads === undefined ? {} : { threads: { ...r.threads } }),
  };
}

function measuredRate(steps: number, now: number): number {
  const dt = now - rateMark.at;
  const rate = playing && dt > 0 && steps >= rateMark.steps ? ((steps - rateMark.steps) * 1000) / dt : 0;
  rateMark = { steps, at: now };
  return rate;
}

async function sendFrame(): Promise<void> {
  lastFrame = performance.now();
  awaitingAck = true;
  const steps = runs[0]?.trainer.steps ?? 0;
  const frames = [];
  for (const r of runs) frames.push(await runFrame(r.label, r.trainer));
  const view = runs[shown] ?? runs[0];
  const v = view ? await visuals(view.trainer, unitGate.changed(view.trainer)) : null;
  const weights = view ? links(view.trainer) : [];
  post({
    type: 'frame',
    generation: current,
    report: plainReport(view?.trainer.backendReport ?? null),
    steps,
    stepsPerSecond: measuredRate(steps, performance.now()),
    stopAt,
    shown: view ? runs.indexOf(view) : 0,
    playing,
    runs: frames,
    visuals: v,
    links: weights,
  });
}

/** Reports a failure once and stops training: the page stays usable and can rebuild. */
function fail(e: unknown, during: 'init' | 'train' | 'export' | 'import'): void {
  playing = false;
  awaitingAck = false;
  post({ type: 'error', message: userMessage(e), during });
}

async function dispose(old: readonly { trainer: Trainer }[]): Promise<void> {
  for (const r of old) {
    try {
      await r.trainer.built.model.disposeAsync();
    } catch {
      // A failed device has nothing left to free; the new models do not depend on it.
    }
  }
}

async function init(specs: readonly RunSpec[], gen: number, stop: number | undefined): Promise<void> {
  if (gen !== latestInit) return;
  const built: typeof runs = [];
  try {
    for (const spec of specs) {
      // The page checked the state already; the worker checks again with the same rules, so a state that fails
      // here fails with the page's message instead of deep inside the build.
      validateState(spec.state, registry);
      const data = await dataset(spec.state.dataset);
      const backend = await makeBackend(spec.state.backend);
      const trainer = new Trainer(spec.state, data, registry, backend);
      built.push({ label: spec.label, trainer });
      await trainer.built.model.syncAsync(); // waits for the device (webgpu sets up asynchronously)
    }
  } catch (e) {
    // The page now shows other settings than the old models: drop them, so nothing stale trains.
    playing = false;
    await dispose(built);
    const old = runs;
    runs = [];
    await dispose(old);
    throw e;
  }
  if (gen !== latestInit) {
    await dispose(built);
    return;
  }
  const old = runs;
  runs = built;
  await dispose(old);
  current = gen;
  stopAt = stop ?? null;
  shown = 0;
  rateMark = { steps: 0, at: performance.now() };
  const d = runs[0].trainer.data;
  post({
    type: 'ready',
    generation: gen,
    runs: runs.map((r) => ({ label: r.label, report: plainReport(r.trainer.backendReport) })),
    points: planePoints(d),
    task: d.task,
  });
  await sendFrame();
}

function planePoints(d: Dataset): PlanePoints | null {
  return d.inputDim === 2 ? { train: d.train.x, trainY: d.train.y, test: d.test.x, testY: d.test.y } : null;
}

const atStop = (): boolean => stopAt !== null && (runs[0]?.trainer.steps ?? 0) >= stopAt;

async function trainSlice(): Promise<void> {
  sliceQueued = false;
  if (!playing) return;
  const now = performance.now();
  const until = now + SLICE_MS;
  budget = refillBudget(budget, now - lastSlice, stepsPerSecond);
  lastSlice = now;
  try {
    while (playing && budget >= 1 && performance.now() < until && runs.some((r) => !r.trainer.diverged) && !atStop()) {
      for (const r of runs) await r.trainer.stepAsync(1);
      budget -= 1;
    }
  } catch (e) {
    fail(e, 'train');
    return;
  }
  if (runs.every((r) => r.trainer.diverged) || atStop()) playing = false;
  if (!playing || (!awaitingAck && performance.now() - lastFrame > FRAME_MS)) await sendFrame();
  schedule(budget >= 1 ? 0 : 15);
}

function schedule(ms: number): void {
  if (!playing || sliceQueued) return;
  sliceQueued = true;
  setTimeout(() => {
    exclusive(trainSlice).catch((e: unknown) => fail(e, 'train'));
  }, ms);
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      return init(msg.runs, msg.generation, msg.stopAt);
    case 'play':
      if (!playing) {
        // Play at the stop step starts over the count: it goes on past it (the claim was shown).
        if (atStop()) stopAt = null;
        playing = true;
        lastSlice = performance.now();
        rateMark = { steps: runs[0]?.trainer.steps ?? 0, at: lastSlice };
        budget = 1;
        schedule(0);
      }
      return;
    case 'pause':
      playing = false;
      return sendFrame();
    case 'show': {
      const next = Math.max(0, Math.min(runs.length - 1, Math.floor(msg.run)));
      if (runs[next] && runs[next].trainer.data !== runs[shown]?.trainer.data) {
        const d = runs[next].trainer.data;
        post({ type: 'points', points: planePoints(d), task: d.task });
      }
      shown = next;
      if (!playing) return sendFrame();
      return;
    }
    case 'step':
      for (const r of runs) await r.trainer.stepAsync(msg.steps);
      return sendFrame();
    case 'set-learning-rate':
      for (const r of runs) {
        const opt = r.trainer.built.model.training?.optimizer;
        if (opt) opt.learningRate = msg.learningRate;
      }
      return;
    case 'export-model':
      if (runs[0]) post({ type: 'model', text: await exportModel(runs[0].trainer) });
      return;
    case 'import-model': {
      const first = runs[0];
      if (!first) return;
      const { state, data } = first.trainer;
      return adopt(importModel(msg.text, registry, state, data, await makeBackend(state.backend)));
    }
    case 'export-onnx':
      if (runs[0]) {
        const bytes = await exportOnnxModel(runs[0].trainer, msg.softmax);
        scope.postMessage({ type: 'onnx', bytes } satisfies FromWorker, [bytes.buffer]);
      }
      return;
    case 'import-onnx': {
      const first = runs[0];
      if (!first) return;
      const { state, data } = first.trainer;
      const result = importOnnxModel(msg.bytes, registry, state, data, await makeBackend(state.backend));
      return adopt(result.trainer, result.notes);
    }
    default:
      return;
  }
}

/** Replaces every run with one imported model, paused, and tells the page its architecture. */
async function adopt(trainer: Trainer, notes?: readonly string[]): Promise<void> {
  playing = false;
  const old = runs;
  runs = [{ label: 'imported', trainer }];
  shown = 0;
  stopAt = null;
  await dispose(old);
  post({ type: 'imported', label: 'imported', network: hiddenSpecsOf(trainer), ...(notes ? { notes } : {}) });
  await sendFrame();
}

function phase(msg: ToWorker): 'init' | 'train' | 'export' | 'import' {
  if (msg.type === 'import-model' || msg.type === 'import-onnx') return 'import';
  if (msg.type === 'export-model' || msg.type === 'export-onnx') return 'export';
  return msg.type === 'init' ? 'init' : 'train';
}

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  // Flags that need no model take effect at once, even while a step awaits the device.
  if (msg.type === 'ack') {
    awaitingAck = false;
    return;
  }
  if (msg.type === 'speed') {
    stepsPerSecond = msg.stepsPerSecond;
    return;
  }
  if (msg.type === 'pause') playing = false;
  if (msg.type === 'init') latestInit = msg.generation;
  exclusive(() => handle(msg)).catch((err: unknown) => fail(err, phase(msg)));
};
