/// <reference lib="webworker" />
import { type BackendReport, RectifyError } from '@rectify/core';
import { generateDataset } from '../data/generate';
import { loadMnist } from '../data/mnist';
import { browserDigitSource } from '../data/mnist-browser';
import type { Dataset } from '../data/types';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import { Trainer } from '../engine/trainer';
import type { DatasetSpec } from '../state/types';
import { exportModel, importModel } from '../engine/model-io';
import { exportOnnxModel, hiddenSpecsOf, importOnnxModel } from '../engine/onnx-io';
import { ChangeGate, links, runFrame, visuals } from './frames';
import { makeBackend } from './make-backend';
import type { FromWorker, RunSpec, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const registry = createPlaygroundRegistry(playgroundPlugins);
const dataCache = new Map<string, Dataset>();
let runs: { label: string; trainer: Trainer }[] = [];
let playing = false;
let generation = 0;
/** Generation of the models in `runs` (the page's number for the build). */
let current = 0;
let lastFrame = 0;
let awaitingAck = false;
let stepsPerSecond = 200;
let budget = 0;
let lastSlice = 0;
/** MNIST weight images go out only when the main run's weights changed. */
const unitGate = new ChangeGate();

/** Frames are sent at most this often while playing, so drawing never starves training. */
const FRAME_MS = 120;
/** Training runs in slices of about this long between looks at the message queue. */
const SLICE_MS = 40;

function post(msg: FromWorker): void {
  scope.postMessage(msg);
}

function message(e: unknown): string {
  if (e instanceof RectifyError) return e.message;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
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
  };
}

function sendFrame(): void {
  lastFrame = performance.now();
  awaitingAck = true;
  const steps = runs[0]?.trainer.steps ?? 0;
  const frames = runs.map((r) => runFrame(r.label, r.trainer));
  const v = runs[0] ? visuals(runs[0].trainer, unitGate.changed(runs[0].trainer)) : null;
  const weights = runs[0] ? links(runs[0].trainer) : [];
  post({
    type: 'frame',
    generation: current,
    report: plainReport(runs[0]?.trainer.backendReport ?? null),
    steps,
    playing,
    runs: frames,
    visuals: v,
    links: weights,
  });
}

async function init(specs: readonly RunSpec[], gen: number): Promise<void> {
  const my = ++generation;
  const built: typeof runs = [];
  for (const spec of specs) {
    const data = await dataset(spec.state.dataset);
    const backend = await makeBackend(spec.state.backend);
    built.push({ label: spec.label, trainer: new Trainer(spec.state, data, registry, backend) });
  }
  if (my !== generation) return;
  for (const r of runs) r.trainer.built.model.dispose();
  runs = built;
  current = gen;
  const d = runs[0].trainer.data;
  post({
    type: 'ready',
    generation: gen,
    runs: runs.map((r) => ({ label: r.label, report: plainReport(r.trainer.backendReport) })),
    points: d.inputDim === 2 ? { train: d.train.x, trainY: d.train.y, test: d.test.x, testY: d.test.y } : null,
    task: d.task,
  });
  sendFrame();
}

function trainSlice(): void {
  if (!playing) return;
  const now = performance.now();
  const until = now + SLICE_MS;
  // A step budget that refills at the chosen speed, so curves can be watched as they fall.
  budget = Math.min(budget + ((now - lastSlice) / 1000) * stepsPerSecond, Math.max(1, stepsPerSecond / 5));
  lastSlice = now;
  try {
    while (budget >= 1 && performance.now() < until && runs.some((r) => !r.trainer.diverged)) {
      for (const r of runs) r.trainer.step(1);
      budget -= 1;
    }
  } catch (e) {
    playing = false;
    post({ type: 'error', message: message(e), during: 'train' });
  }
  if (runs.every((r) => r.trainer.diverged)) playing = false;
  if (!playing || (!awaitingAck && performance.now() - lastFrame > FRAME_MS)) sendFrame();
  if (playing) setTimeout(trainSlice, budget >= 1 ? 0 : 15);
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      return init(msg.runs, msg.generation);
    case 'play':
      if (!playing) {
        playing = true;
        lastSlice = performance.now();
        budget = 1;
        trainSlice();
      }
      return;
    case 'speed':
      stepsPerSecond = msg.stepsPerSecond;
      return;
    case 'ack':
      awaitingAck = false;
      return;
    case 'pause':
      playing = false;
      sendFrame();
      return;
    case 'step':
      for (const r of runs) r.trainer.step(msg.steps);
      sendFrame();
      return;
    case 'set-learning-rate':
      for (const r of runs) {
        const opt = r.trainer.built.model.training?.optimizer;
        if (opt) opt.learningRate = msg.learningRate;
      }
      return;
    case 'export-model':
      if (runs[0]) post({ type: 'model', text: exportModel(runs[0].trainer) });
      return;
    case 'import-model': {
      const first = runs[0];
      if (!first) return;
      const { state, data } = first.trainer;
      adopt(importModel(msg.text, registry, state, data, await makeBackend(state.backend)));
      return;
    }
    case 'export-onnx':
      if (runs[0]) {
        const bytes = exportOnnxModel(runs[0].trainer, msg.softmax);
        scope.postMessage({ type: 'onnx', bytes } satisfies FromWorker, [bytes.buffer]);
      }
      return;
    case 'import-onnx': {
      const first = runs[0];
      if (!first) return;
      const { state, data } = first.trainer;
      const result = importOnnxModel(msg.bytes, registry, state, data, await makeBackend(state.backend));
      adopt(result.trainer, result.notes);
      return;
    }
  }
}

/** Replaces every run with one imported model, paused, and tells the page its architecture. */
function adopt(trainer: Trainer, notes?: readonly string[]): void {
  playing = false;
  for (const r of runs) r.trainer.built.model.dispose();
  runs = [{ label: 'imported', trainer }];
  post({ type: 'imported', label: 'imported', network: hiddenSpecsOf(trainer), ...(notes ? { notes } : {}) });
  sendFrame();
}

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  handle(msg).catch((err: unknown) => {
    const during =
      msg.type === 'import-model' || msg.type === 'import-onnx'
        ? 'import'
        : msg.type === 'export-model' || msg.type === 'export-onnx'
          ? 'export'
          : msg.type === 'init'
            ? 'init'
            : 'train';
    post({ type: 'error', message: message(err), during });
  });
};
