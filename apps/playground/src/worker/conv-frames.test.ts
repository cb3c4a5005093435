import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generate';
import { channelStats, traceFeatureMaps } from '../engine/conv-maps';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import { Trainer } from '../engine/trainer';
import { cnnReluState } from '../scenarios/cnn-relu';
import { defaultState } from '../state/defaults';
import { MAP_IMAGES, convViews } from './conv-frames';

const registry = createPlaygroundRegistry(playgroundPlugins);

describe('the CNN views of a frame', () => {
  it('carry the first test images, their feature maps and the probe-batch statistics; none for a dense network', () => {
    const state = cnnReluState('relu', 1);
    const t = new Trainer(state, generateDataset(state.dataset), registry);
    t.step(5);
    const v = convViews(t);
    expect(v?.imageShape).toEqual([1, 12, 12]);
    expect(v?.images).toEqual(t.data.test.x.slice(0, MAP_IMAGES * 144));
    expect(v?.maps.map((m) => [m.rows, m.channels, m.height, m.width])).toEqual([
      [MAP_IMAGES, 8, 12, 12],
      [MAP_IMAGES, 16, 6, 6],
    ]);
    expect(v?.stats).toEqual(traceFeatureMaps(t.built.model, t.probeBatch).map(channelStats));
    expect(v?.probeRows).toBe(t.probeRows);
    expect(v?.filters.weights).toHaveLength(8 * 9);
    expect(convViews(new Trainer(defaultState, generateDataset(defaultState.dataset), registry))).toBeNull();
  });
});
