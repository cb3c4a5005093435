import { activationOf, type Backend, type Layer, type Registry } from '@rectify/core';
import { exportOnnx, importOnnxWithReport } from '@rectify/onnx';
import type { Dataset } from '../data/types';
import type { HiddenLayerSpec, NormName, PlaygroundState } from '../state/types';
import { adoptModel } from './build-model';
import { hiddenLayers } from './trace';
import { Trainer } from './trainer';

/** The trained model as ONNX bytes; `softmax` appends a Softmax so the file outputs class probabilities. */
export async function exportOnnxModel(t: Trainer, softmax = false): Promise<Uint8Array> {
  await t.syncAsync();
  return exportOnnx(t.built.model, { softmax });
}

/** An ONNX file loaded as a playground run, and what the importer changed on the way. */
export interface OnnxImport {
  readonly trainer: Trainer;
  /** The importer's notes (a dropped Softmax, an absorbed Flatten, ...) plus the file's producer and opset. */
  readonly notes: readonly string[];
}

/**
 * Loads an ONNX file (untrusted bytes) with the playground's registry and adopts the model for further training on
 * the current data. Throws a RectifyError naming the problem: every unsupported operator, a missing activation
 * plugin, a hostile or broken file, or a model whose shape does not fit the data or the playground's layer shapes.
 */
export function importOnnxModel(
  bytes: Uint8Array,
  registry: Registry,
  state: PlaygroundState,
  data: Dataset,
  backend?: Backend,
): OnnxImport {
  const report = importOnnxWithReport(bytes, { registry, seed: state.training.seed });
  const trainer = new Trainer(state, data, registry, backend, adoptModel(report.model, state, data, backend));
  const notes = [`${report.producer.trim() || 'unknown producer'}, opset ${report.opset}`, ...report.notes];
  return { trainer, notes };
}

/** The Maxout, norm and dropout choices a hidden layer's layers show, absent at their defaults as in the state. */
function layerChoicesOf(chain: readonly Layer[]): Pick<HiddenLayerSpec, 'unit' | 'norm' | 'dropout'> {
  const norm = chain.find((l) => l.type === 'batch-norm' || l.type === 'layer-norm');
  const drop = chain.find((l) => l.type === 'dropout');
  return {
    ...(chain[0].type === 'maxout' ? { unit: 'maxout' as const } : {}),
    ...(norm ? { norm: norm.type as NormName } : {}),
    ...(drop ? { dropout: (drop.settings as { rate: number }).rate } : {}),
  };
}

/**
 * The hidden layers of a run's model as state specs (units, activation, finite hyper-parameters, to float32 precision), so the page can
 * show the architecture of an imported model. Residual is on when any hidden layer sits in a residual block.
 */
export function hiddenSpecsOf(t: Trainer): { hidden: HiddenLayerSpec[]; residual: boolean } {
  const hidden = t.built.places.map((_, i) => {
    const { unit, act, chain } = hiddenLayers(t.built, i);
    const hyper: Record<string, number> = {};
    // ONNX stores attributes as float32: 7 significant digits give back 0.01 rather than 0.009999999776.
    const { plugin, hyper: resolved } = activationOf(act);
    for (const [k, v] of Object.entries(resolved)) if (Number.isFinite(v)) hyper[k] = Number(v.toPrecision(7));
    return { units: unit.outputShape[0], activation: plugin.name, hyper, ...layerChoicesOf(chain) };
  });
  return { hidden, residual: t.built.places.some((p) => p.inResidual) };
}
