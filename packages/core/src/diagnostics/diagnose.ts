import { ValidationError } from '../errors';
import { activationPluginOf } from '../layers/activation-layer';
import type { Layer } from '../layers/contract';
import { checkInput } from '../model/check-data';
import type { Sequential } from '../model/sequential';
import type { Tensor } from '../tensor';
import { l2Norm } from './norms';
import { OutputStatsCollector } from './output-stats';
import type { DiagnoseOptions, LayerDiagnostics, ModelDiagnostics } from './types';

/** Per-model scratch state, kept between calls. */
const collectors = new WeakMap<Sequential, Map<string, OutputStatsCollector>>();

function collectorFor(model: Sequential, path: string): OutputStatsCollector {
  let byPath = collectors.get(model);
  if (!byPath) {
    byPath = new Map();
    collectors.set(model, byPath);
  }
  let c = byPath.get(path);
  if (!c) {
    c = new OutputStatsCollector();
    byPath.set(path, c);
  }
  return c;
}

function describe(model: Sequential, layer: Layer, path: string, y: Tensor, bins: number): LayerDiagnostics {
  const activationPlugin = activationPluginOf(layer);
  const isActivation = activationPlugin !== null;
  const stats = collectorFor(model, path).collect(y, bins, isActivation);
  const gradNorms: Record<string, number> = {};
  const weightNorms: Record<string, number> = {};
  for (const p of layer.params()) {
    gradNorms[p.name] = l2Norm(p.grad);
    weightNorms[p.name] = l2Norm(p.value);
  }
  const learnable: Record<string, number[]> = {};
  if (isActivation) for (const p of layer.params()) learnable[p.name] = Array.from(p.value);
  const units = y.shape[0] > 0 ? y.data.length / y.shape[0] : 0;
  const base = {
    path,
    type: layer.type,
    outputShape: [...y.shape],
    deadFraction: units > 0 ? stats.deadUnits.length / units : 0,
    deadUnits: stats.deadUnits,
    zeroFraction: stats.zeroFraction,
    nonFinite: stats.nonFinite,
    mean: stats.mean,
    std: stats.std,
    histogram: stats.histogram,
    gradNorms,
    weightNorms,
    learnable,
  };
  return activationPlugin ? { ...base, activation: activationPlugin.name } : base;
}

/** Runs `layers` in order on `x` (inference mode), reporting each layer and, depth first, its children. */
function run(
  model: Sequential,
  layers: readonly Layer[],
  x: Tensor,
  prefix: string,
  bins: number,
  out: LayerDiagnostics[],
): Tensor {
  let h = x;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const path = `${prefix}.${i}`;
    const children = layer.children();
    const at = out.length;
    out.push(null as unknown as LayerDiagnostics); // the container's entry goes before its children's
    // Children first (a residual body is a chain fed the block's input); the container's forward runs them again,
    // writing the same values into the same buffers, so the children's statistics are read before that.
    if (children.length > 0) run(model, children, h, `${path}.body`, bins, out);
    const y = layer.forward(h, false);
    out[at] = describe(model, layer, path, y, bins);
    h = y;
  }
  return h;
}

/**
 * Inspects a model on a probe batch: for every layer (recursing into residual blocks) the output's dead units,
 * sparsity and histogram, the gradient and weight norms of its parameters and the activation's learnable values.
 * Syncs the weights from the backend, then runs the layers on the CPU in inference mode; buffers are reused between
 * calls, so it is cheap enough to call every few training steps. Gradients are those of the last training step.
 *
 * @example
 * const report = diagnose(model, probeX);
 * for (const l of report.layers) if (l.deadFraction > 0.5) console.warn(`${l.path}: ${l.deadUnits.length} dead units`);
 */
export function diagnose(model: Sequential, probe: Tensor, options: DiagnoseOptions = {}): ModelDiagnostics {
  const bins = options.bins ?? 20;
  if (!Number.isInteger(bins) || bins < 1 || bins > 10000) {
    throw new ValidationError(`diagnose: bins must be an integer between 1 and 10000, got ${String(options.bins)}`);
  }
  checkInput('diagnose', probe, model.inputShape);
  model.sync();
  const layers: LayerDiagnostics[] = [];
  run(model, model.layers, probe, 'layers', bins, layers);
  return { rows: probe.shape[0], layers };
}
