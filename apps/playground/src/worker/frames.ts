import { Tensor } from '@rectify/core';
import type { Trainer } from '../engine/trainer';
import { hiddenLayers } from '../engine/trace';
import { type UnitWeights, unitWeights } from '../engine/unit-weights';
import { convViews } from './conv-frames';
import { type LayerLinks, MAX_DRAWN_UNITS, type MnistUnitViews, type RunFrame, type Visuals } from './protocol';

/** Resolution of the output heatmap grid. */
export const OUTPUT_RES = 64;
/** Resolution of each neuron thumbnail. */
export const NEURON_RES = 20;

/**
 * Metrics and layer statistics of one run now, through the session's async members (every gpu.js mode, webgpu
 * included); leaves the host weights synced for the other views of the frame.
 */
export async function runFrame(label: string, t: Trainer): Promise<RunFrame> {
  const metrics = await t.evaluateAsync();
  await t.syncAsync();
  return { label, metrics, stats: t.hostStats(), diverged: t.diverged };
}

/** Test digits shown with the model's guesses. */
export const DIGIT_SAMPLES = 24;

function argmax(a: Float32Array, from: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (a[from + j] > a[from + best]) best = j;
  return best;
}

async function digits(t: Trainer): Promise<Visuals> {
  const { test, inputDim, outputDim } = t.data;
  const n = Math.min(DIGIT_SAMPLES, test.n);
  const pixels = test.x.slice(0, n * inputDim);
  const out = (await t.built.model.predictAsync(new Tensor(pixels, [n, ...t.built.model.inputShape]))).data;
  const predicted: number[] = [];
  const actual: number[] = [];
  for (let i = 0; i < n; i++) {
    predicted.push(argmax(out, i * outputDim, outputDim));
    actual.push(argmax(test.y, i * outputDim, outputDim));
  }
  return { res: 0, output: new Float32Array(0), neurons: [], neuronRes: 0, digits: { pixels, predicted, actual } };
}

/**
 * The first hidden layer's incoming weights as one image per drawn unit: `units × inputs`, unit-major
 * (`out[u * inputs + p]` = kernel `[p, u]`). Gathered into a fresh array, never a view of the model's buffer. Host
 * weights: call `model.sync()` first on a GPU backend.
 */
export function firstLayerImages(t: Trainer): { units: number; w: Float32Array } {
  const { inputs, units, kernel: kv } = unitWeights(hiddenLayers(t.built, 0).unit);
  const drawn = Math.min(units, MAX_DRAWN_UNITS);
  const w = new Float32Array(drawn * inputs);
  for (let p = 0; p < inputs; p++) {
    const row = p * units;
    for (let u = 0; u < drawn; u++) w[u * inputs + p] = kv[row + u];
  }
  return { units: drawn, w };
}

/** The MNIST thumbnails' data: first-layer weight images and deeper layers' per-digit means; null without hidden layers. */
export function mnistUnitViews(t: Trainer): MnistUnitViews | null {
  if (t.built.places.length === 0) return null;
  const { units, w } = firstLayerImages(t);
  return {
    units,
    firstLayer: w,
    classMeans: t.probeClassMeans(MAX_DRAWN_UNITS).slice(1),
    classes: t.data.outputDim,
    probeRows: t.probeRows,
  };
}

/**
 * Says whether a trainer's weights may have changed since the last `changed` call that returned true: another
 * trainer (a rebuilt or imported model) or more steps. The worker sends MNIST weight images only then.
 */
export class ChangeGate {
  private trainer: Trainer | null = null;
  private steps = -1;

  /** True the first time for a trainer and after it trained; records what it saw. */
  changed(t: Trainer): boolean {
    if (t === this.trainer && t.steps === this.steps) return false;
    this.trainer = t;
    this.steps = t.steps;
    return true;
  }
}

/**
 * The output heatmap and neuron thumbnails of a run on a 2-D data set, or sample digits for MNIST (with the unit
 * views when `withUnits`, i.e. when the weights changed since they were last sent), plus a CNN's filters and feature
 * maps (see `convViews`). Predictions go through the
 * session's async members; the thumbnails read the host weights: call `syncAsync` (or `runFrame`) first.
 */
export async function visuals(t: Trainer, withUnits = true): Promise<Visuals | null> {
  const conv = convViews(t);
  if (t.data.inputDim === 784 || conv) {
    const v = t.data.inputDim === 784 ? await digits(t) : { res: 0, output: new Float32Array(0), neurons: [], neuronRes: 0 };
    // A CNN's first dense layer reads feature maps, not pixels: its weights are no images.
    const units = withUnits && !conv ? mnistUnitViews(t) : null;
    return { ...v, ...(units ? { mnistUnits: units } : {}), ...(conv ? { conv } : {}) };
  }
  if (t.data.inputDim !== 2) return null;
  const traces = t.hostNeuronGrid(NEURON_RES);
  const neurons = traces.map((tr) => {
    const units: Float32Array[] = [];
    for (let u = 0; u < tr.units; u++) {
      const m = new Float32Array(tr.rows);
      for (let r = 0; r < tr.rows; r++) m[r] = tr.post[r * tr.units + u];
      units.push(m);
    }
    return units;
  });
  return { res: OUTPUT_RES, output: await t.outputGridAsync(OUTPUT_RES), neurons, neuronRes: NEURON_RES };
}

/** Incoming weights in drawing order: each hidden layer's (dense or Maxout), then the output layer's. */
function incoming(t: Trainer): UnitWeights[] {
  const out: UnitWeights[] = [];
  for (let i = 0; i < t.built.places.length; i++) out.push(unitWeights(hiddenLayers(t.built, i).unit));
  const layers = t.built.model.layers;
  out.push(unitWeights(layers[layers.length - 1]));
  return out;
}

/** Per drawn unit, the L2 norm of its incoming weights: the lines from a block of many inputs. */
function normLink({ inputs, units, kernel: kv }: UnitWeights): LayerLinks {
  const to = Math.min(units, MAX_DRAWN_UNITS);
  const sums = new Float64Array(to);
  for (let p = 0; p < inputs; p++) {
    const row = p * units;
    for (let j = 0; j < to; j++) sums[j] += kv[row + j] * kv[row + j];
  }
  const w = new Float32Array(to);
  for (let j = 0; j < to; j++) w[j] = Math.sqrt(sums[j]);
  return { from: 1, to, w, magnitude: true };
}

/**
 * Weights between consecutive columns of the network drawing (inputs, hidden layers, outputs) for its lines, cut to
 * the drawn units so a frame stays small (at most 48 × 48 floats per pair). Inputs wider than the drawing (MNIST)
 * are one block whose lines carry each unit's weight norm. Host weights: call `model.sync()` first on a GPU backend.
 */
export function links(t: Trainer): LayerLinks[] {
  return incoming(t).map((d, k) => {
    if (k === 0 && d.inputs > MAX_DRAWN_UNITS) return normLink(d);
    const { inputs, units, kernel } = d;
    const from = Math.min(inputs, MAX_DRAWN_UNITS);
    const to = Math.min(units, MAX_DRAWN_UNITS);
    const w = new Float32Array(from * to);
    for (let r = 0; r < from; r++) w.set(kernel.subarray(r * units, r * units + to), r * to);
    return { from, to, w };
  });
}
