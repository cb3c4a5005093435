import type { LayerInstance, LayerSubject } from '../src/layer';

/** What a broken variant of the sample layer gets wrong. */
export type LayerFlaw =
  | 'none'
  | 'wrong-dx'
  | 'overwrites-grads'
  | 'mutates-input'
  | 'allocates'
  | 'state-in-inference'
  | 'drops-state';

/**
 * A per-feature affine layer `y = a · (x - m) + b` written straight against the testkit's layer surface: `m` is
 * non-trainable state (in training the batch mean is used and `m` tracks it with momentum 0.5, in inference `m` is
 * used). Correct unless `flaw` names one thing to break.
 */
export function sampleLayer(features: number, flaw: LayerFlaw = 'none'): LayerSubject {
  const build = (seed: number, data?: { a: number[]; b: number[]; m: number[] }): LayerInstance => {
    const a = Float32Array.from({ length: features }, (_, j) => data?.a[j] ?? 1 + 0.1 * ((seed + j) % 5));
    const b = Float32Array.from({ length: features }, (_, j) => data?.b[j] ?? 0.05 * j);
    const m = Float32Array.from({ length: features }, (_, j) => data?.m[j] ?? 0);
    const ga = new Float32Array(features);
    const gb = new Float32Array(features);
    const used = new Float32Array(features);
    let y = new Float32Array(0);
    let dx = new Float32Array(0);
    let input: Float32Array = new Float32Array(0);
    let rows = 0;
    let trained = false;
    return {
      outputShape: [features],
      params: () => [
        { name: 'a', value: a, grad: ga },
        { name: 'b', value: b, grad: gb },
      ],
      state: () => (flaw === 'drops-state' ? [] : [{ name: 'm', value: m }]),
      forward(x, batch, training) {
        if (y.length !== x.length || flaw === 'allocates') y = new Float32Array(x.length);
        input = x;
        rows = batch;
        trained = training;
        for (let j = 0; j < features; j++) {
          let mean = 0;
          for (let n = 0; n < batch; n++) mean += x[n * features + j];
          mean /= batch;
          used[j] = training ? mean : m[j];
          if (training || flaw === 'state-in-inference') m[j] = 0.5 * m[j] + 0.5 * mean;
        }
        for (let i = 0; i < x.length; i++) y[i] = a[i % features] * (x[i] - used[i % features]) + b[i % features];
        if (flaw === 'mutates-input') x[0] += 1;
        return y;
      },
      backward(dy) {
        if (dx.length !== dy.length || flaw === 'allocates') dx = new Float32Array(dy.length);
        if (flaw === 'overwrites-grads') {
          ga.fill(0);
          gb.fill(0);
        }
        for (let j = 0; j < features; j++) {
          let sum = 0;
          for (let n = 0; n < rows; n++) {
            const i = n * features + j;
            ga[j] += dy[i] * (input[i] - used[j]);
            gb[j] += dy[i];
            sum += dy[i];
          }
          for (let n = 0; n < rows; n++) {
            const i = n * features + j;
            const centring = trained && flaw !== 'wrong-dx' ? sum / rows : 0;
            dx[i] = a[j] * (dy[i] - centring);
          }
        }
        return dx;
      },
      serialize: () => ({ a: Array.from(a), b: Array.from(b), m: flaw === 'drops-state' ? [] : Array.from(m) }),
    };
  };
  return {
    name: `sample-affine (${flaw})`,
    inputShape: [features],
    create: (seed) => build(seed),
    restore: (data) => build(0, data as { a: number[]; b: number[]; m: number[] }),
  };
}
