import { type ActivationLayer, type Dense, type Residual, Tensor } from '@rectify/core';
import type { BuiltModel } from './build-model';

/** One hidden layer's values on a batch of inputs, `[rows, units]` row-major (copies, safe to keep). */
export interface HiddenTrace {
  readonly units: number;
  readonly rows: number;
  /** Dense output, before the activation. */
  readonly pre: Float32Array;
  /** Activation output. */
  readonly post: Float32Array;
  readonly dense: Dense;
  readonly act: ActivationLayer;
}

/** The dense and activation layers of hidden layer `i`. */
export function hiddenLayers(built: BuiltModel, i: number): { dense: Dense; act: ActivationLayer } {
  const place = built.places[i];
  const top = built.model.layers[place.top];
  if (place.inResidual) {
    const block = top as Residual;
    return { dense: block.children()[0] as Dense, act: block.children()[1] as ActivationLayer };
  }
  return { dense: top as Dense, act: built.model.layers[place.top + 1] as ActivationLayer };
}

/**
 * Runs the model's host layers on `x` (inference mode) and keeps every hidden layer's pre- and post-activation
 * values. On a GPU backend, call `model.sync()` first so the host weights are current.
 */
export function traceHidden(built: BuiltModel, x: Tensor): HiddenTrace[] {
  const out: HiddenTrace[] = [];
  let cur = x;
  const rows = x.shape[0];
  for (let i = 0; i < built.places.length; i++) {
    const place = built.places[i];
    const { dense, act } = hiddenLayers(built, i);
    const preT = dense.forward(cur, false);
    const pre = preT.data.slice(0, preT.size);
    const post = act.forward(preT, false).data.slice(0, preT.size);
    if (place.inResidual) {
      cur = new Tensor(built.model.layers[place.top].forward(cur, false).data.slice(), [rows, dense.settings.units]);
    } else {
      cur = new Tensor(post, [rows, dense.settings.units]);
    }
    out.push({ units: dense.settings.units, rows, pre, post, dense, act });
  }
  return out;
}
