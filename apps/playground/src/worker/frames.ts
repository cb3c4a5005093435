import type { Trainer } from '../engine/trainer';
import type { RunFrame, Visuals } from './protocol';

/** Resolution of the output heatmap grid. */
export const OUTPUT_RES = 64;
/** Resolution of each neuron thumbnail. */
export const NEURON_RES = 20;

/** Metrics and layer statistics of one run now. */
export function runFrame(label: string, t: Trainer): RunFrame {
  return { label, metrics: t.evaluate(), stats: t.stats(), diverged: t.diverged };
}

/** The output heatmap and neuron thumbnails of a run on a 2-D data set, or null for MNIST. */
export function visuals(t: Trainer): Visuals | null {
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
