import { Tensor } from '@rectify/core';
import type { Trainer } from '../engine/trainer';
import { hiddenLayers } from '../engine/trace';
import { type LayerLinks, MAX_DRAWN_UNITS, type RunFrame, type Visuals } from './protocol';

/** Resolution of the output heatmap grid. */
export const OUTPUT_RES = 64;
/** Resolution of each neuron thumbnail. */
export const NEURON_RES = 20;

/** Metrics and layer statistics of one run now. */
export function runFrame(label: string, t: Trainer): RunFrame {
  return { label, metrics: t.evaluate(), stats: t.stats(), diverged: t.diverged };
}

/** Test digits shown with the model's guesses. */
export const DIGIT_SAMPLES = 24;

function argmax(a: Float32Array, from: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (a[from + j] > a[from + best]) best = j;
  return best;
}

function digits(t: Trainer): Visuals {
  const { test, inputDim, outputDim } = t.data;
  const n = Math.min(DIGIT_SAMPLES, test.n);
  const pixels = test.x.slice(0, n * inputDim);
  const out = t.built.model.predict(new Tensor(pixels, [n, inputDim])).data;
  const predicted: number[] = [];
  const actual: number[] = [];
  for (let i = 0; i < n; i++) {
    predicted.push(argmax(out, i * outputDim, outputDim));
    actual.push(argmax(test.y, i * outputDim, outputDim));
  }
  return { res: 0, output: new Float32Array(0), neurons: [], neuronRes: 0, digits: { pixels, predicted, actual } };
}

/** The output heatmap and neuron thumbnails of a run on a 2-D data set, or sample digits for MNIST. */
export function visuals(t: Trainer): Visuals | null {
  if (t.data.inputDim === 784) return digits(t);
  if (t.data.inputDim !== 2) return null;
  const traces = t.neuronGrid(NEURON_RES);
  const neurons = traces.map((tr) => {
    const units: Float32Array[] = [];
    for (let u = 0; u < tr.units; u++) {
      const m = new Float32Array(tr.rows);
      for (let r = 0; r < tr.rows; r++) m[r] = tr.post[r * tr.units + u];
      units.push(m);
    }
    return units;
  });
  return { res: OUTPUT_RES, output: t.outputGrid(OUTPUT_RES), neurons, neuronRes: NEURON_RES };
}

/**
 * Weights between consecutive hidden layers for the lines of the network drawing, cut to the drawn units so a frame
 * stays small (at most 48 × 48 floats per pair). Host weights: call `model.sync()` first on a GPU backend.
 */
export function links(t: Trainer): LayerLinks[] {
  const out: LayerLinks[] = [];
  for (let i = 1; i < t.built.places.length; i++) {
    const kernel = hiddenLayers(t.built, i).dense.kernel;
    const [inputs, units] = kernel.shape;
    const from = Math.min(inputs, MAX_DRAWN_UNITS);
    const to = Math.min(units, MAX_DRAWN_UNITS);
    const w = new Float32Array(from * to);
    for (let r = 0; r < from; r++) w.set(kernel.value.subarray(r * units, r * units + to), r * to);
    out.push({ from, to, w });
  }
  return out;
}
