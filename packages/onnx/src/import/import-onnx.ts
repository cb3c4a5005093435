import {
  defaultRegistry,
  ModelFormatError,
  type Layer,
  escapeName,
  quoteName,
  type Registry,
  RectifyError,
  type Sequential,
  sequential,
} from '@rectify/core';
import { checkOnnxStructure } from '../check/structure';
import { UnsupportedOnnxError } from '../errors';
import { DataType } from '../proto/constants';
import { int64, type ModelProto, type ValueInfoProto } from '../proto/types';
import { assignWeights, createLayers } from './build';
import { Converter } from './convert';
import { decodeOnnx } from './decode';
import { GraphIndex } from './graph-index';
import { type OnnxLimits, resolveOnnxLimits } from './limits';

/** Options of {@link importOnnx}. */
export interface ImportOnnxOptions {
  /** Where activations are looked up (`relu`, `prelu`, ...): register the plugin packages in it. Default core's default registry. */
  readonly registry?: Registry;
  /** The model's seed (its shuffling stream when trained further). Default 0. */
  readonly seed?: number;
  /** Bounds on the untrusted file. */
  readonly limits?: OnnxLimits;
}

/** What {@link importOnnxWithReport} returns. */
export interface OnnxImportResult {
  /** The imported model, built, with the file's weights. */
  readonly model: Sequential;
  /** True when the file ended in a Softmax that was dropped: `model` outputs logits; apply softmax to get the file's outputs. */
  readonly droppedSoftmax: boolean;
  /** True when a Flatten at the input was absorbed: feed inputs flattened to `[batch, features]`. */
  readonly flattenedInput: boolean;
  /** The input shape the file declares per sample (before any Flatten). */
  readonly fileInputShape: readonly number[];
  /** Default-domain opset of the file. */
  readonly opset: number;
  /** `producer_name producer_version` of the file. */
  readonly producer: string;
  /** Human-readable notes on what changed in the import (dropped Softmax, absorbed Flatten, ...). */
  readonly notes: readonly string[];
}

/**
 * Operators the importer itself understands: what exporters add around the layers (Identity, a Flatten at the
 * input, a final Softmax, Constant). Every layer (dense, residual and dropout too) and activation comes from the
 * import hooks of the registry's plugins: see {@link importableOnnxOps}.
 */
export const STRUCTURAL_ONNX_OPS: readonly string[] = Object.freeze(['Identity', 'Flatten', 'Softmax', 'Constant']);

/**
 * @deprecated Use {@link importableOnnxOps} (what a registry's plugins import, plus the structural operators). This
 * list is frozen at what it named before layers and activations imported through their plugins' hooks.
 */
export const SUPPORTED_ONNX_OPS: readonly string[] = Object.freeze([
  'Gemm',
  'MatMul',
  'Add',
  'Identity',
  'Dropout',
  'Flatten',
  'Softmax',
  'Constant',
]);

/** Every operator an import with `registry` understands: the structural ones and those its plugins' hooks import. */
export function importableOnnxOps(registry: Registry = defaultRegistry): readonly string[] {
  const ops = new Set(STRUCTURAL_ONNX_OPS);
  for (const plugin of registry.listLayers()) for (const op of plugin.onnx?.import?.opTypes ?? []) ops.add(op);
  for (const plugin of registry.listActivations()) for (const op of plugin.onnx?.import?.opTypes ?? []) ops.add(op);
  return Object.freeze([...ops]);
}

/** Lowest and highest default-domain opset the importer accepts. */
export const IMPORT_OPSET_RANGE: readonly [number, number] = Object.freeze([7, 22]) as readonly [number, number];

function checkOpset(model: ModelProto): number {
  const entry = (model.opset_import ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  const opset = entry ? int64(entry.version) : 0;
  if (opset < IMPORT_OPSET_RANGE[0] || opset > IMPORT_OPSET_RANGE[1]) {
    throw new ModelFormatError(
      '/opset_import',
      `default-domain opset ${opset || 'missing'} is outside the supported range ${IMPORT_OPSET_RANGE[0]}–${IMPORT_OPSET_RANGE[1]}; re-export with e.g. opset_version=17`,
    );
  }
  return opset;
}

function checkOperators(model: ModelProto, registry: Registry): void {
  const importable = importableOnnxOps(registry);
  const supported = new Set(importable);
  const unsupported: string[] = [];
  const examples = new Map<string, string>();
  for (const node of model.graph?.node ?? []) {
    const domain = node.domain ?? '';
    const op = domain === '' || domain === 'ai.onnx' ? (node.op_type ?? '') : `${domain}:${node.op_type ?? ''}`;
    if (supported.has(op)) continue;
    if (!examples.has(op)) {
      unsupported.push(op);
      examples.set(op, node.name ?? '');
    }
  }
  if (unsupported.length === 0) return;
  const list = unsupported
    .slice(0, 20)
    .map((op) => `${escapeName(op)}${examples.get(op) ? ` (node ${quoteName(examples.get(op) as string)})` : ''}`)
    .join(', ');
  throw new UnsupportedOnnxError(
    '/graph/node',
    unsupported,
    `unsupported ONNX operators: ${list}. With this registry Rectify imports networks made of ${importable.join(', ')}; an activation or layer comes from a registered plugin's import hook (importOnnx(bytes, { registry }))`,
  );
}

function perSampleShape(v: ValueInfoProto, what: string, maxElements: number): { shape: number[]; batch: string } {
  const tt = v.type?.tensor_type;
  if (!tt) throw new ModelFormatError(`/graph/${what}`, `the graph ${what} ${quoteName(v.name ?? '')} has no tensor type`);
  if (tt.elem_type !== DataType.FLOAT) {
    throw new ModelFormatError(
      `/graph/${what}`,
      `the graph ${what} ${quoteName(v.name ?? '')} has element type ${tt.elem_type}; only float32 (1) is supported`,
    );
  }
  const dims = tt.shape?.dim ?? [];
  if (dims.length < 2) {
    throw new ModelFormatError(
      `/graph/${what}`,
      `the graph ${what} ${quoteName(v.name ?? '')} has rank ${dims.length}; expected [batch, features, ...]`,
    );
  }
  const shape = dims.slice(1).map((d) => int64(d.dim_value));
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 1 || d > 2 ** 24)) {
    throw new ModelFormatError(
      `/graph/${what}`,
      `the graph ${what} ${quoteName(v.name ?? '')} needs fixed per-sample dimensions (only the batch may be symbolic), got [${dims.map((d) => (d.dim_param ? quoteName(d.dim_param) : int64(d.dim_value))).join(', ')}]`,
    );
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size > maxElements) {
    throw new ModelFormatError(
      `/graph/${what}`,
      `the graph ${what} ${quoteName(v.name ?? '')} has ${size} values per sample ([${shape.join(', ')}]), more than ${maxElements} (limit maxTensorElements)`,
    );
  }
  return { shape, batch: dims[0].dim_param || String(int64(dims[0].dim_value)) };
}

/** The output's declared per-sample dims, where the file fixes them all, must be what the layers produce. */
function checkDeclaredOutput(info: ValueInfoProto, output: readonly number[]): void {
  const declared = (info.type?.tensor_type?.shape?.dim ?? []).slice(1).map((d) => int64(d.dim_value));
  if (declared.length === 0 || declared.some((d) => !(d > 0))) return;
  const same = declared.length === output.length && declared.every((d, i) => d === output[i]);
  if (same) return;
  const text = (s: readonly number[]) => (s.length === 1 ? `${s[0]} features` : `[${s.join(', ')}] per sample`);
  throw new ModelFormatError('/graph/output', `the output declares ${text(declared)} but the layers produce ${text(output)}`);
}

/**
 * Loads an ONNX network (e.g. from `torch.onnx.export`) as a built Rectify model with the file's weights, and reports
 * what the import changed. See {@link importOnnx}.
 */
export function importOnnxWithReport(bytes: Uint8Array, options: ImportOnnxOptions = {}): OnnxImportResult {
  const limits = resolveOnnxLimits(options.limits);
  const registry = options.registry ?? defaultRegistry;
  const proto = decodeOnnx(bytes, limits);
  const graph = proto.graph ?? {};
  const opset = checkOpset(proto);
  checkOperators(proto, registry);
  const issues = checkOnnxStructure(proto);
  if (issues.length > 0)
    throw new ModelFormatError('/graph', `the model breaks ONNX's structural rules: ${issues.slice(0, 10).join('; ')}`);
  const index = new GraphIndex(graph, limits);
  const inputs = (graph.input ?? []).filter((v) => !index.isInitializer(v.name ?? ''));
  if (inputs.length !== 1 || (graph.output ?? []).length !== 1) {
    throw new ModelFormatError(
      '/graph',
      `expected one graph input and one graph output, got ${inputs.length} and ${(graph.output ?? []).length}`,
    );
  }
  const input = perSampleShape(inputs[0], 'input', limits.maxTensorElements);
  const outputInfo = (graph.output ?? [])[0];
  const converter = new Converter(index, inputs[0].name ?? '', outputInfo.name ?? '', registry);
  let specs: ReturnType<Converter['convert']>;
  try {
    specs = converter.convert();
  } catch (e) {
    if (e instanceof RangeError)
      throw new ModelFormatError('/graph/node', 'the graph is too deep to import (call stack exhausted)');
    throw e;
  }
  const { flattenedInput, droppedSoftmax } = converter.state;
  const features = input.shape.reduce((a, b) => a * b, 1);
  const inputShape = flattenedInput ? [features] : input.shape;
  const layers: Layer[] = [];
  const output = createLayers(specs, inputShape, registry, layers);
  if (layers.length === 0) throw new ModelFormatError('/graph', 'the graph has no layers (the output is the input)');
  checkDeclaredOutput(outputInfo, output);
  let model: Sequential;
  try {
    model = sequential({ inputShape, layers, seed: options.seed, registry });
  } catch (e) {
    if (e instanceof RectifyError && !(e instanceof ModelFormatError)) throw new ModelFormatError('/graph', e.message);
    throw e;
  }
  assignWeights(specs, model.layers);
  const notes: string[] = [];
  if (droppedSoftmax)
    notes.push('The final Softmax was dropped: the model outputs logits (train it with softmax-cross-entropy).');
  if (flattenedInput)
    notes.push(
      `The Flatten at the input was absorbed: feed [batch, ${features}] rows (the file takes [${input.batch}, ${input.shape.join(', ')}]).`,
    );
  if (/^\d+$/.test(input.batch) && input.batch !== '0')
    notes.push(`The file fixes the batch size to ${input.batch}; the imported model takes any batch size.`);
  return {
    model,
    droppedSoftmax,
    flattenedInput,
    fileInputShape: Object.freeze(input.shape),
    opset,
    producer: `${proto.producer_name ?? ''} ${proto.producer_version ?? ''}`.trim(),
    notes: Object.freeze(notes),
  };
}

/**
 * Loads an ONNX network (e.g. from `torch.onnx.export`) as a built Rectify model that predicts what the file computes
 * (minus a final Softmax, which is dropped: the model outputs logits) and can be compiled and trained further.
 * Supported operators: {@link importableOnnxOps} of the registry; anything else fails with an {@link UnsupportedOnnxError} listing
 * every unsupported operator. Hostile or broken files fail with a ModelFormatError before large allocations.
 * @example
 * const registry = createDefaultRegistry().registerActivation(relu).registerActivation(prelu);
 * const model = importOnnx(new Uint8Array(await file.arrayBuffer()), { registry });
 */
export function importOnnx(bytes: Uint8Array, options: ImportOnnxOptions = {}): Sequential {
  return importOnnxWithReport(bytes, options).model;
}
