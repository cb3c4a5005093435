import { activationPluginOf } from '../layers/activation-layer';
import { checkInput } from '../model/check-data';
import type { Sequential } from '../model/sequential';
import type { Tensor } from '../tensor';
import type { BornDeadReport } from './types';

function allZero(data: Float32Array): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) return false;
  return true;
}

/** Largest spread (max − min over the rows) of any output unit; 0 when every row gives the same output. */
function outputSpread(y: Tensor): number {
  const rows = y.shape[0];
  if (rows === 0) return 0;
  const cols = y.data.length / rows;
  let spread = 0;
  for (let c = 0; c < cols; c++) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < rows; r++) {
      const v = y.data[r * cols + c];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    // NaN makes the spread NaN: such an output is not called constant.
    const s = max - min;
    if (!(s <= spread)) spread = s;
  }
  return spread;
}

/**
 * Tests whether a model is *born dead* on a probe set (Lu et al. 2019): some top-level activation layer outputs
 * exactly 0 for every unit and every probe row, so every later layer sees the same input for every row and the
 * model's output is constant over the probe set; no gradient reaches any layer below it. Layers inside a residual
 * block are not searched: the skip connection carries the input past a dead body.
 *
 * A probe set only samples the input domain: a layer dead on every probe row may still fire for an input between
 * them, so on a coarse probe this over-counts. Runs the layers on the CPU in inference mode and stops at the first
 * dead layer (Rectify's layers map each row on its own, so the output is constant from there on).
 *
 * @example
 * const { bornDead, deadLayer } = bornDeadCheck(model, probeX);
 * if (bornDead) console.warn(`output constant: every unit of ${deadLayer} is 0 for every probe input`);
 */
export function bornDeadCheck(model: Sequential, probe: Tensor): BornDeadReport {
  checkInput('bornDeadCheck', probe, model.inputShape);
  model.sync();
  let h = probe;
  for (let i = 0; i < model.layers.length; i++) {
    const layer = model.layers[i];
    h = layer.forward(h, false);
    if (activationPluginOf(layer) && probe.shape[0] > 0 && allZero(h.data)) {
      return { bornDead: true, deadLayer: `layers.${i}`, deadLayerIndex: i, outputConstant: true, outputSpread: 0 };
    }
  }
  const spread = outputSpread(h);
  return { bornDead: false, deadLayer: null, deadLayerIndex: -1, outputConstant: spread === 0, outputSpread: spread };
}
