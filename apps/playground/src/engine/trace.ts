import { type ActivationLayer, type Layer, type Residual, Tensor } from '@rectify/core';
import type { BuiltModel } from './build-model';

/** One hidden layer's values on a batch of inputs, `[rows, units]` row-major (copies, safe to keep). */
export interface HiddenTrace {
  readonly units: number;
  readonly rows: number;
  /** The activation's input: the dense (or Maxout) output, after the norm when there is one. */
  readonly pre: Float32Array;
  /** Activation output. */
  readonly post: Float32Array;
  /** The layer holding the incoming weights: dense, or Maxout. */
  readonly unit: Layer;
  readonly act: ActivationLayer;
}

/** The layers of hidden layer `i`, in order (`unit → norm? → activation → dropout?`), and its unit and activation layers. */
export function hiddenLayers(built: BuiltModel, i: number): { unit: Layer; act: ActivationLayer; chain: readonly Layer[] } {
  const place = built.places[i];
  const chain = place.inResidual
    ? (built.model.layers[place.top] as Residual).children()
    : built.model.layers.slice(place.top, place.top + place.count);
  const act = chain.find((l) => l.type === 'activation') as ActivationLayer;
  return { unit: chain[0], act, chain };
}

/**
 * Runs the model's host layers on `x` (inference mode) and keeps every hidden layer's pre- and post-activation
 * values. On a GPU backend, call `model.sync()` first so the host weights are current.
 */
export function traceHidden(built: BuiltModel, x: Tensor): HiddenTrace[] {
  const out: HiddenTrace[] = [];
  let cur = x;
  const rows = x.shape[0];
  // A CNN's convolutional front (and its flatten) comes before the first hidden layer.
  for (const l of built.model.layers.slice(0, built.places[0]?.top ?? 0)) cur = l.forward(cur, false);
  for (let i = 0; i < built.places.length; i++) {
    const place = built.places[i];
    const { unit, act, chain } = hiddenLayers(built, i);
    const units = unit.outputShape[0];
    let preT = cur;
    for (const l of chain.slice(0, chain.indexOf(act))) preT = l.forward(preT, false);
    const pre = preT.data.slice(0, preT.size);
    const post = act.forward(preT, false).data.slice(0, preT.size);
    if (place.inResidual) {
      cur = new Tensor(built.model.layers[place.top].forward(cur, false).data.slice(), [rows, units]);
    } else {
      // Dropout after the activation is the identity in inference.
      cur = new Tensor(post, [rows, units]);
    }
    out.push({ units, rows, pre, post, unit, act });
  }
  return out;
}
