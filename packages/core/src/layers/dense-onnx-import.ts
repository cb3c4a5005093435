import { ValidationError } from '../errors';
import type { OnnxConstant, OnnxGraphView, OnnxLayerImport, OnnxLayerMatch, OnnxNodeView } from './contract';

function dimsText(t: OnnxConstant): string {
  return `[${t.dims.join(', ')}]`;
}

function intAttribute(node: OnnxNodeView, name: string, fallback: number): number {
  const v = node.attribute(name);
  return typeof v === 'number' ? v : fallback;
}

function constantInput(node: OnnxNodeView, graph: OnnxGraphView, i: number, what: string): OnnxConstant {
  const t = graph.constant(node.inputs[i] ?? '');
  if (!t) throw new ValidationError(`${what} must be a constant (an initializer), not computed from the input`);
  return t;
}

/** Values of a bias-like constant broadcast to `units` (dims [], [1], [units] or [1, units]). */
function broadcastRow(t: OnnxConstant, units: number, what: string): Float32Array {
  const d = t.dims;
  const ok =
    (t.values.length === 1 && d.every((x) => x === 1)) ||
    (t.values.length === units && (d.length === 1 || (d.length === 2 && d[0] === 1)));
  if (!ok)
    throw new ValidationError(
      `${what} of shape ${dimsText(t)} does not broadcast over [batch, ${units}]; expected [${units}] or [1]`,
    );
  return t.values.length === units ? t.values.slice() : new Float32Array(units).fill(t.values[0]);
}

/** A dense layer as read from the file: kernel in Rectify's `[inputs, units]` layout, bias or null. */
interface DenseWeights {
  readonly input: string;
  readonly inputs: number;
  readonly units: number;
  readonly kernel: Float32Array;
  readonly bias: Float32Array | null;
}

/** `Gemm(x, B, C)` with alpha and beta folded into the weights. */
function fromGemm(node: OnnxNodeView, graph: OnnxGraphView): DenseWeights {
  if (intAttribute(node, 'transA', 0) !== 0)
    throw new ValidationError('transA = 1 is not supported; export x·W with x as the first operand');
  const transB = intAttribute(node, 'transB', 0);
  const alpha = node.attribute('alpha');
  const beta = node.attribute('beta');
  const a = typeof alpha === 'number' ? alpha : 1;
  const c = typeof beta === 'number' ? beta : 1;
  const b = constantInput(node, graph, 1, 'B (the weight matrix)');
  if (b.dims.length !== 2) throw new ValidationError(`B must be a matrix, got shape ${dimsText(b)}`);
  const [rows, cols] = b.dims;
  const inputs = transB ? cols : rows;
  const units = transB ? rows : cols;
  const kernel = new Float32Array(inputs * units);
  for (let k = 0; k < inputs; k++) {
    for (let n = 0; n < units; n++) kernel[k * units + n] = a * (transB ? b.values[n * cols + k] : b.values[k * cols + n]);
  }
  let bias: Float32Array | null = null;
  if (node.inputs[2]) {
    bias = broadcastRow(constantInput(node, graph, 2, 'C (the bias)'), units, 'C');
    if (c !== 1) for (let i = 0; i < units; i++) bias[i] *= c;
  }
  if (!kernel.every(Number.isFinite) || (bias && !bias.every(Number.isFinite))) {
    throw new ValidationError(`alpha ${a} and beta ${c} scale the weights beyond the float32 range`);
  }
  return { input: node.inputs[0] ?? '', inputs, units, kernel, bias };
}

/** `MatMul(x, W)` with a constant matrix `W`. */
function fromMatMul(node: OnnxNodeView, graph: OnnxGraphView): DenseWeights {
  const w = graph.constant(node.inputs[1] ?? '');
  if (!w)
    throw new ValidationError(
      'the second input must be a constant weight matrix; products of two computed tensors are not supported',
    );
  if (w.dims.length !== 2) throw new ValidationError(`the weight must be a matrix, got shape ${dimsText(w)}`);
  return { input: node.inputs[0] ?? '', inputs: w.dims[0], units: w.dims[1], kernel: w.values, bias: null };
}

/** `Add(MatMul(x, W), b)` or `Add(Gemm(x, W, c), b)`: one dense layer with bias `b` (plus `c`); null for `Add` of two computed tensors. */
function fromBiasAdd(node: OnnxNodeView, graph: OnnxGraphView): DenseWeights | null {
  const [a, b] = node.inputs;
  const ca = graph.constant(a ?? '');
  const cb = graph.constant(b ?? '');
  if (ca && cb) throw new ValidationError('adds two constants; fold constants before exporting');
  const constant = ca ?? cb;
  if (!constant) return null;
  const product = graph.producer((ca ? b : a) ?? '');
  if (product?.opType !== 'MatMul' && product?.opType !== 'Gemm') {
    throw new ValidationError('adding a constant is supported only as the bias right after a MatMul or Gemm');
  }
  const dense = product.opType === 'MatMul' ? fromMatMul(product, graph) : fromGemm(product, graph);
  const add = broadcastRow(constant, dense.units, 'the bias');
  return { ...dense, bias: dense.bias ? dense.bias.map((v, i) => v + add[i]) : add };
}

/** Imports `Gemm`, `MatMul` with a constant weight, and either followed by a constant bias `Add`, as a dense layer. */
export const denseOnnxImport: OnnxLayerImport = {
  opTypes: ['Gemm', 'MatMul', 'Add'],
  match(node, graph): OnnxLayerMatch | null {
    const weights =
      node.opType === 'Gemm'
        ? fromGemm(node, graph)
        : node.opType === 'MatMul'
          ? fromMatMul(node, graph)
          : fromBiasAdd(node, graph);
    if (!weights) return null;
    const { input, inputs, units, kernel, bias } = weights;
    return {
      config: { type: 'dense', units, useBias: bias !== null },
      input,
      params: bias ? { kernel, bias } : { kernel },
      inputShape: [inputs],
    };
  },
};
