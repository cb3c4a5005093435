import { Tensor } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generate';
import { defaultState } from '../state/defaults';
import type { PlaygroundState } from '../state/types';
import { channelStats, convLayers, firstFilters, traceFeatureMaps } from './conv-maps';
import { playgroundPlugins } from './plugins';
import { createPlaygroundRegistry } from './registry';
import { traceHidden } from './trace';
import { Trainer } from './trainer';

const registry = createPlaygroundRegistry(playgroundPlugins);

const state: PlaygroundState = {
  ...defaultState,
  dataset: { name: 'bars', samples: 200, noise: 0.5, trainFraction: 0.5, positiveFraction: 0.5, seed: 2 },
  network: {
    conv: [
      { kind: 'conv', channels: 4, kernel: 3, stride: 1, padding: 1, activation: 'relu' },
      { kind: 'pool', pool: 'max', size: 2 },
      { kind: 'conv', channels: 3, kernel: 3, stride: 2, padding: 0, activation: 'relu' },
    ],
    hidden: [{ units: 6, activation: 'relu', hyper: {} }],
    residual: false,
  },
};

/** Float64 direct convolution + ReLU of one NCHW batch: the independent truth for the first stage. */
function convRelu64(
  x: Float32Array,
  n: number,
  cin: number,
  h: number,
  w: number,
  k: Float32Array,
  b: Float32Array,
  cout: number,
  ks: number,
  pad: number,
): Float64Array {
  const out = new Float64Array(n * cout * h * w);
  for (let i = 0; i < n; i++)
    for (let o = 0; o < cout; o++)
      for (let r = 0; r < h; r++)
        for (let c = 0; c < w; c++) {
          let s = b[o];
          for (let ci = 0; ci < cin; ci++)
            for (let u = 0; u < ks; u++)
              for (let v = 0; v < ks; v++) {
                const rr = r + u - pad;
                const cc = c + v - pad;
                if (rr >= 0 && rr < h && cc >= 0 && cc < w)
                  s += x[((i * cin + ci) * h + rr) * w + cc] * k[((o * cin + ci) * ks + u) * ks + v];
              }
          out[((i * cout + o) * h + r) * w + c] = Math.max(0, s);
        }
  return out;
}

describe('feature maps and channel statistics of a CNN', () => {
  it('match a float64 direct convolution, and count dead channels and zeros as it does', () => {
    const t = new Trainer(state, generateDataset(state.dataset), registry);
    t.step(5);
    const conv = convLayers(t.built.model)[0];
    // Channel 1 can never fire, channel 2 always fires: the statistics must see both.
    conv.param('bias').value[1] = -100;
    conv.param('bias').value[2] = 100;
    const x = t.probeBatch;
    const maps = traceFeatureMaps(t.built.model, x);
    expect(maps.map((m) => [m.channels, m.height, m.width])).toEqual([
      [4, 12, 12],
      [3, 2, 2],
    ]);
    const truth = convRelu64(x.data, x.shape[0], 1, 12, 12, conv.param('kernel').value, conv.param('bias').value, 4, 3, 1);
    let worst = 0;
    for (let i = 0; i < truth.length; i++) worst = Math.max(worst, Math.abs(maps[0].maps[i] - truth[i]));
    expect(worst).toBeLessThan(1e-4);
    const stats = channelStats(maps[0]);
    const plane = 144;
    for (let c = 0; c < 4; c++) {
      let zeros = 0;
      let ambiguous = 0;
      for (let i = 0; i < x.shape[0]; i++)
        for (let p = 0; p < plane; p++) {
          const v = truth[(i * 4 + c) * plane + p];
          if (v === 0) zeros++;
          else if (v < 1e-5) ambiguous++;
        }
      const n = x.shape[0] * plane;
      expect(Math.abs(stats.channelSparsity[c] - zeros / n)).toBeLessThanOrEqual(ambiguous / n + 1e-12);
      expect(stats.dead[c]).toBe(zeros === n);
    }
    expect(stats.dead[1]).toBe(true);
    expect(stats.channelSparsity[2]).toBe(0);
    expect(stats.deadFraction).toBe(stats.dead.filter(Boolean).length / 4);
    const all = stats.channelSparsity.reduce((a, b) => a + b, 0) / 4;
    expect(stats.sparsity).toBeCloseTo(all, 12);
  });

  it('show the first layer filters as the conv kernel', () => {
    const t = new Trainer(state, generateDataset(state.dataset), registry);
    const f = firstFilters(t.built.model);
    expect(f).toMatchObject({ count: 4, inChannels: 1, height: 3, width: 3 });
    expect(f?.weights).toEqual(convLayers(t.built.model)[0].param('kernel').value);
  });

  it('lead the dense layers after the flatten: the hidden trace feeds the output layer to the model output', () => {
    const t = new Trainer(state, generateDataset(state.dataset), registry);
    t.step(3);
    const x = t.probeBatch;
    const [hidden] = traceHidden(t.built, x);
    const layers = t.built.model.layers;
    const out = layers[layers.length - 1].forward(new Tensor(hidden.post, [x.shape[0], 6]), false);
    const want = t.built.model.predict(x);
    expect(Array.from(out.data)).toEqual(Array.from(want.data));
    expect(t.stats()[0].units).toBe(6);
  });
});
