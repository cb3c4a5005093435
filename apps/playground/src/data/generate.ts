import { Rng, ValidationError } from '@rectify/core';
import type { ClassificationSet, DatasetSpec, RegressionSet } from '../state/types';
import { generateBars } from './images';
import { NOISE_SCALE, classSamplers } from './two-class';
import { regressionTargets } from './regression';
import type { Dataset, Split } from './types';

/** True for the two-class sets. */
export function isClassificationSet(name: string): name is ClassificationSet {
  return name in classSamplers;
}

/** True for the regression sets. */
export function isRegressionSet(name: string): name is RegressionSet {
  return name in regressionTargets;
}

function checkSpec(spec: DatasetSpec): void {
  if (!Number.isInteger(spec.samples) || spec.samples < 4) {
    throw new ValidationError(`dataset.samples is ${spec.samples}; use an integer of at least 4`);
  }
  if (!(spec.trainFraction > 0 && spec.trainFraction < 1)) {
    throw new ValidationError(`dataset.trainFraction is ${spec.trainFraction}; use a value strictly between 0 and 1`);
  }
  if (!(spec.noise >= 0 && spec.noise <= 1)) throw new ValidationError(`dataset.noise is ${spec.noise}; use a value in [0, 1]`);
  if (!(spec.positiveFraction > 0 && spec.positiveFraction < 1)) {
    throw new ValidationError(`dataset.positiveFraction is ${spec.positiveFraction}; use a value strictly between 0 and 1`);
  }
}

/** Splits shuffled rows into train and test parts, copying them. */
function split(
  x: Float32Array,
  y: Float32Array,
  order: Uint32Array,
  inDim: number,
  outDim: number,
  nTrain: number,
): [Split, Split] {
  const part = (from: number, to: number): Split => {
    const n = to - from;
    const px = new Float32Array(n * inDim);
    const py = new Float32Array(n * outDim);
    for (let i = 0; i < n; i++) {
      const r = order[from + i];
      px.set(x.subarray(r * inDim, (r + 1) * inDim), i * inDim);
      py.set(y.subarray(r * outDim, (r + 1) * outDim), i * outDim);
    }
    return { x: px, y: py, n };
  };
  return [part(0, nTrain), part(nTrain, order.length)];
}

/**
 * Generates a two-class or regression set from its spec with the seeded Rng of core: the same spec gives the
 * same points on every machine (the bars-and-stripes images come from `generateBars`). Two-class sets hold exactly `round(samples · positiveFraction)` positives.
 */
export function generateDataset(spec: DatasetSpec): Dataset {
  checkSpec(spec);
  if (spec.name === 'bars') return generateBars(spec);
  const rng = new Rng(spec.seed);
  const n = spec.samples;
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  const p = { x: 0, y: 0 };
  const jitter = spec.noise * NOISE_SCALE;
  let task: Dataset['task'];
  if (isClassificationSet(spec.name)) {
    task = 'binary';
    const sample = classSamplers[spec.name];
    const positives = Math.round(n * spec.positiveFraction);
    for (let i = 0; i < n; i++) {
      const label = i < positives ? 1 : 0;
      sample(label, rng, p);
      x[2 * i] = p.x + jitter * rng.normal();
      x[2 * i + 1] = p.y + jitter * rng.normal();
      y[i] = label;
    }
  } else if (isRegressionSet(spec.name)) {
    task = 'regression';
    const target = regressionTargets[spec.name];
    for (let i = 0; i < n; i++) {
      const px = rng.range(-1, 1);
      const py = rng.range(-1, 1);
      x[2 * i] = px;
      x[2 * i + 1] = py;
      y[i] = target(px, py) + jitter * rng.normal();
    }
  } else {
    throw new ValidationError(`dataset "${spec.name}" is not generated; load MNIST with loadMnist()`);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  rng.shuffle(order);
  const nTrain = Math.max(1, Math.min(n - 1, Math.round(n * spec.trainFraction)));
  const [train, test] = split(x, y, order, 2, 1, nTrain);
  return { name: spec.name, task, inputDim: 2, outputDim: 1, train, test };
}

export { split as splitRows };
