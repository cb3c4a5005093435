import {
  type ActivationPlugin,
  type BackendSession,
  type ConfiguredActivation,
  type Layer,
  type Loss,
  type Optimizer,
  Tensor,
  activation,
  createRegistry,
  createRng,
  dense,
  residual,
} from '@rectify/core';

/** A model with every layer kind: dense, activation, an identity residual and a projected residual (all 8 wide). */
export function buildLayers(act: ActivationPlugin | ConfiguredActivation, seed: number, inputs = 3, outputs = 2): Layer[] {
  const layers: Layer[] = [
    dense(8),
    activation(act),
    residual([dense(8), activation(act)]),
    residual([dense(8), activation(act)], { projection: true }),
    dense(outputs),
  ];
  const ctx = { rng: createRng(seed), registry: createRegistry() };
  let shape: readonly number[] = [inputs];
  for (const l of layers) shape = l.build(shape, ctx);
  return layers;
}

/** Deterministic data: x uniform in [-2, 2], y a smooth function of x (or one-hot / 0-1 labels). */
export function makeData(rows: number, inputs: number, outputs: number, seed: number, kind: 'regression' | 'labels' | 'onehot') {
  const rng = createRng(seed);
  const x = new Float32Array(rows * inputs);
  const y = new Float32Array(rows * outputs);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let i = 0; i < inputs; i++) {
      const v = rng.uniform() * 4 - 2;
      x[r * inputs + i] = v;
      s += v * (i + 1);
    }
    for (let j = 0; j < outputs; j++) {
      const t = Math.sin(s + j);
      y[r * outputs + j] = kind === 'regression' ? t : kind === 'labels' ? (t > 0 ? 1 : 0) : 0;
    }
    if (kind === 'onehot') y[r * outputs + (Math.abs(Math.floor(s * 3)) % outputs)] = 1;
  }
  return { x: new Tensor(x, [rows, inputs]), y: new Tensor(y, [rows, outputs]) };
}

/** Every parameter value of the layers, in model order. */
export function weights(layers: readonly Layer[]): Float32Array[] {
  const out: Float32Array[] = [];
  const visit = (l: Layer) => {
    for (const p of l.params()) out.push(p.value.slice());
    l.children().forEach(visit);
  };
  layers.forEach(visit);
  return out;
}

/** The largest violation of |a − b| ≤ tol·(1 + |b|), as a ratio (≤ 1 passes), with where it happened. */
export function worstMismatch(
  a: readonly Float32Array[],
  b: readonly Float32Array[],
  tol: number,
): { ratio: number; at: string } {
  let ratio = 0;
  let at = '';
  for (let k = 0; k < b.length; k++) {
    for (let i = 0; i < b[k].length; i++) {
      const r = Math.abs(a[k][i] - b[k][i]) / (tol * (1 + Math.abs(b[k][i])));
      if (!(r <= ratio)) {
        ratio = r;
        at = `param ${k} [${i}]: ${a[k][i]} vs ${b[k][i]}`;
      }
    }
  }
  return { ratio, at };
}

/** Trains `steps` mini-batches of `batch` rows (cycling through the data), reading the loss every 10 steps. */
export function train(session: BackendSession, x: Tensor, y: Tensor, steps: number, batch: number): number[] {
  const losses: number[] = [];
  const rows = x.shape[0];
  const inCols = x.shape[1];
  const outCols = y.shape[1];
  for (let s = 0; s < steps; s++) {
    const start = (s * batch) % rows;
    const n = Math.min(batch, rows - start);
    const xb = new Tensor(x.data.subarray(start * inCols, (start + n) * inCols), [n, inCols]);
    const yb = new Tensor(y.data.subarray(start * outCols, (start + n) * outCols), [n, outCols]);
    const loss = session.trainStep(xb, yb, s % 10 === 9);
    if (s % 10 === 9) losses.push(loss);
  }
  return losses;
}

/** A session spec for layers. */
export function specFor(layers: Layer[], inputs: number, outputs: number, loss: Loss, optimizer: Optimizer, l2 = 0, l1 = 0) {
  return { layers, inputShape: [inputs], outputShape: [outputs], training: { loss, optimizer, l2, l1 } };
}
