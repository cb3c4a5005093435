import {
  type LayerOnnxHooks,
  type OnnxConstant,
  type OnnxExportContext,
  type OnnxGraphView,
  type OnnxLayerMatch,
  type OnnxNodeView,
  ValidationError,
} from '@rectify/core';
import type { SimpleRnn, SimpleRnnSettings } from './definition';

/** Rectify activation names and the ONNX RNN activations they are. */
const ONNX_ACTIVATIONS: Readonly<Record<string, string>> = { relu: 'Relu', tanh: 'Tanh' };
const RECTIFY_ACTIVATIONS: Readonly<Record<string, string>> = { Relu: 'relu', Tanh: 'tanh' };
/** Swaps the batch and time axes: batch-first `[N, T, F]` ↔ ONNX RNN's time-first `[T, N, F]` (layout 0). */
const SWAP_BATCH_TIME = [1, 0, 2];

/** `[rows, cols]` row-major → `[cols, rows]`. */
function transposed(values: Float32Array, rows: number, cols: number, offset = 0): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[offset + r * cols + c];
  return out;
}

/** The ONNX activation of an exported layer; only ReLU (uncapped) and tanh have an RNN activation both ways. */
function onnxActivation(layer: SimpleRnn): string {
  const { activation, hyper } = layer.settings;
  const name = typeof activation === 'string' ? activation : activation.name;
  const uncapped = name !== 'relu' || hyper.cap === undefined || hyper.cap === Number.POSITIVE_INFINITY;
  const op = ONNX_ACTIVATIONS[name];
  if (!op || !uncapped) {
    throw new ValidationError(
      `ONNX export of simple-rnn(${layer.settings.units}, ${name}): the ONNX RNN operator is exported with relu (uncapped) or tanh only; build the layer with one of them`,
      'ONNX_EXPORT',
    );
  }
  return op;
}

/**
 * `Transpose → RNN → Squeeze (→ Transpose)`: ONNX's RNN is time-first (layout 0; onnxruntime does not run layout 1),
 * its `W` and `R` are `[directions, units, in]` (our kernels transposed), and its bias is `[Wb, Rb]`: ours as `Wb`,
 * zeros as `Rb`.
 */
function exportSimpleRnn(layer: SimpleRnn, input: string, ctx: OnnxExportContext): string {
  const activation = onnxActivation(layer);
  const [, features] = layer.inputShape;
  const h = layer.settings.units;
  const bias = new Float32Array(2 * h);
  bias.set(layer.param('bias').value);
  const [timeFirst] = ctx.node({
    opType: 'Transpose',
    name: 'timeFirst',
    sinceVersion: 13,
    inputs: [input],
    attributes: { perm: SWAP_BATCH_TIME },
    ints: ['perm'],
  });
  const [sequence, last] = ctx.node({
    opType: 'RNN',
    sinceVersion: 14,
    inputs: [
      timeFirst,
      ctx.initializer('W', [1, h, features], transposed(layer.param('kernel').value, features, h)),
      ctx.initializer('R', [1, h, h], transposed(layer.param('recurrentKernel').value, h, h)),
      ctx.initializer('B', [1, 2 * h], bias),
    ],
    outputCount: 2,
    attributes: { hidden_size: h, activations: [activation], direction: 'forward', layout: 0 },
    ints: ['hidden_size', 'layout'],
  });
  if (!layer.settings.returnSequences) {
    const axes = ctx.intInitializer('directionAxis', [1], [0]);
    return ctx.node({ opType: 'Squeeze', name: 'lastState', sinceVersion: 13, inputs: [last, axes] })[0];
  }
  const axes = ctx.intInitializer('directionAxis', [1], [1]);
  const [steps] = ctx.node({ opType: 'Squeeze', name: 'sequence', sinceVersion: 13, inputs: [sequence, axes] });
  return ctx.node({
    opType: 'Transpose',
    name: 'batchFirst',
    sinceVersion: 13,
    inputs: [steps],
    attributes: { perm: SWAP_BATCH_TIME },
    ints: ['perm'],
  })[0];
}

function fail(problem: string): never {
  throw new ValidationError(`RNN: ${problem}`, 'ONNX_IMPORT');
}

/** The `axes` of a Squeeze: its attribute (opset < 13) or its constant second input. */
function squeezeAxes(node: OnnxNodeView, graph: OnnxGraphView): readonly number[] | null {
  const attribute = node.attribute('axes');
  if (Array.isArray(attribute)) return attribute;
  const input = node.inputs[1] ? graph.constant(node.inputs[1]) : null;
  return input ? Array.from(input.values) : null;
}

function sameList(a: readonly number[] | number | string | undefined | null, b: readonly number[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The RNN whose output `index` (0: Y, 1: Y_h) is `tensor` and read by nothing else, or null. */
function rnnProducing(tensor: string, index: number, graph: OnnxGraphView): OnnxNodeView | null {
  const rnn = graph.producer(tensor);
  if (rnn?.opType !== 'RNN' || rnn.outputs[index] !== tensor || graph.consumers(tensor) !== 1) return null;
  return rnn;
}

function constantOf(node: OnnxNodeView, graph: OnnxGraphView, index: number, what: string): OnnxConstant {
  const value = graph.constant(node.inputs[index] ?? '');
  if (!value) fail(`${what} must be a constant (an initializer), not computed from the input`);
  return value;
}

function checkShape(value: OnnxConstant, expected: readonly number[], what: string, fix: string): void {
  if (!sameList(value.dims, expected)) {
    fail(`${what} has shape [${value.dims.join(', ')}], expected [${expected.join(', ')}]; ${fix}`);
  }
}

/** The activation name for the RNN's `activations`, or a typed error naming what Rectify's layer can be. */
function importedActivation(node: OnnxNodeView): string {
  const given = node.attribute('activations');
  const list = given === undefined ? ['Tanh'] : typeof given === 'string' ? given.split(',') : null;
  const name = list && list.length === 1 ? RECTIFY_ACTIVATIONS[list[0]] : undefined;
  if (!name) {
    fail(
      `activations ${JSON.stringify(given)} are not supported; simple-rnn imports one forward activation, Relu or Tanh (torch.nn.RNN with nonlinearity 'relu' or 'tanh')`,
    );
  }
  return name;
}

/**
 * Checks every attribute and input of an ONNX RNN that simple-rnn cannot express, then reads its weights as the
 * layer's config and params. `input` is the batch-first tensor before the time-first Transpose.
 */
function matchRnn(rnn: OnnxNodeView, graph: OnnxGraphView, returnSequences: boolean): OnnxLayerMatch {
  const direction = rnn.attribute('direction');
  if (direction !== undefined && direction !== 'forward') {
    fail(`direction ${String(direction)} is not supported; simple-rnn runs forward only (export with bidirectional=False)`);
  }
  if (rnn.attribute('clip') !== undefined) fail('clip is not supported; export the RNN without a cell clip');
  const layout = rnn.attribute('layout');
  if (layout !== undefined && layout !== 0) fail(`layout ${String(layout)} is not supported; export time-first (layout 0)`);
  const activation = importedActivation(rnn);
  if (rnn.inputs[4]) fail('a sequence_lens input is not supported; every sequence must use all its steps (drop sequence_lens)');
  const w = constantOf(rnn, graph, 1, 'W');
  if (w.dims.length !== 3 || w.dims[0] !== 1) {
    fail(`W has shape [${w.dims.join(', ')}], expected [1, hidden_size, input_size] (one forward direction)`);
  }
  const [, h, features] = w.dims;
  const hiddenSize = rnn.attribute('hidden_size');
  if (hiddenSize !== undefined && hiddenSize !== h) fail(`hidden_size ${String(hiddenSize)} differs from W's ${h} rows`);
  const r = constantOf(rnn, graph, 2, 'R');
  checkShape(r, [1, h, h], 'R', 'it must be [1, hidden_size, hidden_size]');
  const bias = new Float32Array(h);
  if (rnn.inputs[3]) {
    const b = constantOf(rnn, graph, 3, 'B');
    checkShape(b, [1, 2 * h], 'B', 'it must be [1, 2·hidden_size] (Wb then Rb)');
    for (let i = 0; i < h; i++) bias[i] = b.values[i] + b.values[h + i];
  }
  if (rnn.inputs[5]) {
    const h0 = constantOf(rnn, graph, 5, 'initial_h');
    if (h0.values.some((v) => v !== 0)) fail('a non-zero initial_h is not supported; simple-rnn starts from zeros');
  }
  const timeFirst = graph.producer(rnn.inputs[0] ?? '');
  if (
    timeFirst?.opType !== 'Transpose' ||
    !sameList(timeFirst.attribute('perm'), SWAP_BATCH_TIME) ||
    graph.consumers(rnn.inputs[0]) !== 1
  ) {
    fail('its input X must be the batch-first input transposed with perm [1, 0, 2] (what torch exports for batch_first=True)');
  }
  return {
    config: { type: 'simple-rnn', units: h, activation: { name: activation, hyper: {} }, returnSequences },
    input: timeFirst.inputs[0] ?? '',
    params: {
      kernel: transposed(w.values, h, features),
      recurrentKernel: transposed(r.values, h, h),
      bias,
    },
  };
}

/** `Gather(Y_h, 0)` on axis 0 or `Squeeze(Y_h, [0])`: the last state. */
function matchLastState(node: OnnxNodeView, graph: OnnxGraphView): OnnxLayerMatch | null {
  const rnn = rnnProducing(node.inputs[0] ?? '', 1, graph);
  if (!rnn) return null;
  if (node.opType === 'Gather') {
    const index = graph.constant(node.inputs[1] ?? '');
    const axis = node.attribute('axis') ?? 0;
    if (axis !== 0 || !index || index.dims.length !== 0 || index.values[0] !== 0) return null;
  } else if (!sameList(squeezeAxes(node, graph), [0])) return null;
  return matchRnn(rnn, graph, false);
}

/** `Transpose(Squeeze(Y, [1]), [1, 0, 2])`: the whole sequence, batch-first. */
function matchSequence(node: OnnxNodeView, graph: OnnxGraphView): OnnxLayerMatch | null {
  if (!sameList(node.attribute('perm'), SWAP_BATCH_TIME)) return null;
  const squeeze = graph.producer(node.inputs[0] ?? '');
  if (squeeze?.opType !== 'Squeeze' || graph.consumers(node.inputs[0]) !== 1) return null;
  if (!sameList(squeezeAxes(squeeze, graph), [1])) return null;
  const rnn = rnnProducing(squeeze.inputs[0] ?? '', 0, graph);
  return rnn ? matchRnn(rnn, graph, true) : null;
}

/** The ONNX hooks of `simple-rnn`: the `RNN` operator (Relu or Tanh), batch-first around it. */
export const simpleRnnOnnx: LayerOnnxHooks<SimpleRnnSettings> = {
  export: exportSimpleRnn,
  import: {
    opTypes: ['Gather', 'Squeeze', 'Transpose', 'RNN'],
    match(node, graph) {
      if (node.opType === 'Transpose') return matchSequence(node, graph);
      if (node.opType === 'RNN') {
        fail(
          'its outputs are time-first ([T, 1, N, H] and [1, N, H]); simple-rnn imports an RNN whose Y_h is read by Gather(…, 0) or Squeeze(axes [0]) (the last state), or whose Y is read by Squeeze(axes [1]) then Transpose(perm [1, 0, 2]) (the sequence, batch-first)',
        );
      }
      return matchLastState(node, graph);
    },
  },
};
