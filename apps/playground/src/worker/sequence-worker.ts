/// <reference lib="webworker" />
import { loadMnist } from '../data/mnist';
import { browserDigitSource } from '../data/mnist-browser';
import { type SequenceData, addingSequences, rowMnistSequences } from '../data/sequences';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import { SequenceTrainer, sequenceTrainingDefaults } from '../engine/sequence-trainer';
import { validateSequence } from '../state/sequence-validate';
import { sequenceFrame } from './sequence-frames';
import type { FromSequenceWorker, ToSequenceWorker } from './sequence-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const registry = createPlaygroundRegistry(playgroundPlugins);
let trainer: SequenceTrainer | null = null;
let generation = 0;
let playing = false;
let awaitingAck = false;
let lastLoss = Number.NaN;
let lastFrame = 0;
let rowMnist: Promise<SequenceData> | null = null;
/** A slice is scheduled: never more than one training loop. */
let sliceQueued = false;

/** Training runs in slices of about this long; a frame goes out at most this often while playing. */
const SLICE_MS = 40;
const FRAME_MS = 200;

const post = (m: FromSequenceWorker): void => scope.postMessage(m);

function fail(e: unknown): void {
  playing = false;
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}

function frame(): void {
  if (!trainer) return;
  awaitingAck = true;
  lastFrame = performance.now();
  post(sequenceFrame(trainer, generation, playing, lastLoss));
}

function schedule(): void {
  if (sliceQueued) return;
  sliceQueued = true;
  setTimeout(slice, 0);
}

function slice(): void {
  sliceQueued = false;
  if (!playing || !trainer) return;
  try {
    const end = performance.now() + SLICE_MS;
    while (performance.now() < end) lastLoss = trainer.trainStep();
    if (!awaitingAck && performance.now() - lastFrame > FRAME_MS) frame();
  } catch (e) {
    fail(e);
    return;
  }
  schedule();
}

async function build(m: Extract<ToSequenceWorker, { type: 'build' }>): Promise<void> {
  generation = m.generation;
  trainer = null;
  const spec = validateSequence(m.spec, registry);
  let data: SequenceData;
  if (spec.data === 'adding') data = addingSequences(spec.length, 2000, 256, m.seed);
  else {
    rowMnist ??= loadMnist(
      { name: 'mnist', samples: 3000, noise: 0, trainFraction: 5 / 6, positiveFraction: 0.5, seed: 1 },
      browserDigitSource,
      (loaded, total) => post({ type: 'loading', loaded, total }),
    ).then(rowMnistSequences);
    data = await rowMnist;
  }
  if (m.generation !== generation) return;
  trainer = new SequenceTrainer(spec, data, registry, { ...sequenceTrainingDefaults, seed: m.seed });
  lastLoss = Number.NaN;
  awaitingAck = false;
  frame();
  if (playing) schedule();
}

scope.onmessage = (e: MessageEvent<ToSequenceWorker>) => {
  const m = e.data;
  if (m.type === 'build') build(m).catch(fail);
  else if (m.type === 'play') {
    if (playing) return;
    playing = true;
    schedule();
  } else if (m.type === 'pause') {
    playing = false;
    frame();
  } else if (m.type === 'step') {
    if (!trainer || playing) return;
    try {
      lastLoss = trainer.trainStep();
      frame();
    } catch (err) {
      fail(err);
    }
  } else if (m.type === 'ack') awaitingAck = false;
};
