import { ModelFormatError } from '@rectify/core';
import type { NodeProto } from '../proto/types';
import { floatAttr, intAttr, nodeLabel } from './attributes';
import type { GraphIndex } from './graph-index';
import type { ActivationSpec, DenseSpec, LayerSpec } from './specs';
import type { ConstTensor } from './tensor-data';

/** Clip's "no bound" in opsets before 11 (float max); anything at least this large counts as no cap. */
const FLOAT_MAX = 3.4028234663852886e38;

/** One step back from a tensor: a layer (or nothing, for Identity) and the tensor before it; or a finished result. */
type Step = LinearStep | { readonly done: readonly LayerSpec[] | null };

/** A step to the tensor before a layer. */
interface LinearStep {
  readonly spec: LayerSpec | null;
  readonly next: string;
}

/** What the conversion found besides layers. */
export interface ConversionState {
  /** A Flatten at the graph input was absorbed. */
  flattenedInput: boolean;
  /** A final Softmax was dropped. */
  droppedSoftmax: boolean;
}

function fail(node: NodeProto, problem: string): never {
  throw new ModelFormatError(`/graph/node/${(node.name ?? '').slice(0, 120)}`, `${nodeLabel(node)}: ${problem}`);
}

function dimsText(t: ConstTensor): string {
  return `[${t.dims.join(', ')}]`;
}

/** Values of a bias-like constant broadcast to `units` (dims [], [1], [units] or [1, units]). */
function broadcastRow(node: NodeProto, t: ConstTensor, units: number, what: string): Float32Array {
  const d = t.dims;
  const ok =
    (t.values.length === 1 && d.every((x) => x === 1)) ||
    (t.values.length === units && (d.length === 1 || (d.length === 2 && d[0] === 1)));
  if (!ok) fail(node, `${what} of shape ${dimsText(t)} does not broadcast over [batch, ${units}]; expected [${units}] or [1]`);
  return t.values.length === units ? t.values.slice() : new Float32Array(units).fill(t.values[0]);
}

/**
 * Turns the graph into layer specs by walking back from the graph output: each step recognises the node that
 * produces a tensor and continues from that node's data input, until it reaches the requested source (the graph input,
 * or a residual block's input). Results are memoised per (target, source), so residual matching stays polynomial.
 */
export class Converter {
  private readonly index: GraphIndex;
  private readonly graphInput: string;
  private readonly graphOutput: string;
  readonly state: ConversionState = { flattenedInput: false, droppedSoftmax: false };
  private readonly memo = new Map<string, readonly LayerSpec[] | null>();

  constructor(index: GraphIndex, graphInput: string, graphOutput: string) {
    this.index = index;
    this.graphInput = graphInput;
    this.graphOutput = graphOutput;
  }

  /** The layers that map the graph input to the graph output. */
  convert(): readonly LayerSpec[] {
    const specs = this.chain(this.graphOutput, this.graphInput);
    if (!specs) throw new ModelFormatError('/graph/output', 'the graph output does not depend on the graph input');
    return specs;
  }

  private data(node: NodeProto, i: number): string {
    const name = node.input?.[i];
    if (!name) fail(node, `input ${i} is missing`);
    return name;
  }

  private constInput(node: NodeProto, i: number, what: string): ConstTensor {
    const t = this.index.constant(this.data(node, i));
    if (!t) fail(node, `${what} must be a constant (an initializer), not computed from the input`);
    return t;
  }

  /**
   * Layers mapping `source` to `target`, or null when `target` is not computed from `source`. Walks a plain chain
   * in a loop (so a long MLP does not deepen the call stack); only the bodies of nested residual blocks recurse.
   */
  chain(target: string, source: string): readonly LayerSpec[] | null {
    if (target === source) return [];
    const key = `${target}\u0000${source}`;
    if (this.memo.has(key)) return this.memo.get(key) ?? null;
    this.memo.set(key, null); // a cycle resolves to "no path"
    const reversed: LayerSpec[] = [];
    let current = target;
    let result: readonly LayerSpec[] | null = null;
    // Walking back lowers the position; below the source's, the source cannot be reached. This keeps a wrong guess
    // of which Add operand is the skip (Add(x, f(x))) from walking the whole graph before it: linear time.
    const floor = this.index.position(source);
    for (let steps = 0; ; steps++) {
      if (current === source) {
        result = reversed.reverse();
        break;
      }
      if (this.index.position(current) < floor) break;
      if (steps > this.index.limits.maxNodes) throw new ModelFormatError('/graph/node', 'the graph has a cycle');
      const step = this.step(current, source);
      if ('done' in step) {
        result = step.done ? [...step.done, ...reversed.reverse()] : null;
        break;
      }
      if (step.spec) reversed.push(step.spec);
      current = step.next;
    }
    this.memo.set(key, result);
    return result;
  }

  private step(target: string, source: string): Step {
    const node = this.index.producer(target);
    if (!node) return { done: null }; // the graph input (not the source) or a constant
    switch (node.op_type) {
      case 'Identity':
      case 'Dropout':
        return { spec: null, next: this.data(node, 0) };
      case 'Flatten':
        return this.flatten(node, source);
      case 'Softmax':
        return this.softmax(node, target);
      case 'Gemm':
        return this.gemm(node);
      case 'MatMul':
        return this.matmul(node);
      case 'Add':
        return this.add(node, source);
      case 'Constant':
        return { done: null };
      default:
        return { spec: this.activationSpec(node), next: this.data(node, 0) };
    }
  }

  private flatten(node: NodeProto, source: string): Step {
    const x = this.data(node, 0);
    if (x !== this.graphInput) fail(node, 'Flatten is supported only directly on the graph input');
    if (intAttr(node, 'axis', 1) !== 1) fail(node, 'only Flatten with axis 1 (keep the batch dimension) is supported');
    this.state.flattenedInput = true;
    return { done: source === this.graphInput ? [] : null };
  }

  private softmax(node: NodeProto, target: string): Step {
    if (target !== this.graphOutput)
      fail(node, 'Softmax is supported only as the last node (it is dropped: Rectify models output logits)');
    const axis = intAttr(node, 'axis', -1);
    if (axis !== -1 && axis !== 1) fail(node, `Softmax over axis ${axis} is not supported; only the last axis`);
    this.state.droppedSoftmax = true;
    return { spec: null, next: this.data(node, 0) };
  }

  private gemm(node: NodeProto): LinearStep & { readonly spec: DenseSpec } {
    if (intAttr(node, 'transA', 0) !== 0) fail(node, 'transA = 1 is not supported');
    const transB = intAttr(node, 'transB', 0);
    const alpha = floatAttr(node, 'alpha', 1);
    const beta = floatAttr(node, 'beta', 1);
    const b = this.constInput(node, 1, 'B (the weight matrix)');
    if (b.dims.length !== 2) fail(node, `B must be a matrix, got shape ${dimsText(b)}`);
    const [rows, cols] = b.dims;
    const inputs = transB ? cols : rows;
    const units = transB ? rows : cols;
    const kernel = new Float32Array(inputs * units);
    for (let k = 0; k < inputs; k++) {
      for (let n = 0; n < units; n++) kernel[k * units + n] = alpha * (transB ? b.values[n * cols + k] : b.values[k * cols + n]);
    }
    let bias: Float32Array | null = null;
    if (node.input?.[2]) {
      bias = broadcastRow(node, this.constInput(node, 2, 'C (the bias)'), units, 'C');
      if (beta !== 1) for (let i = 0; i < units; i++) bias[i] *= beta;
    }
    if (!kernel.every(Number.isFinite) || (bias && !bias.every(Number.isFinite))) {
      fail(node, `alpha ${alpha} and beta ${beta} scale the weights beyond the float32 range`);
    }
    return { spec: { kind: 'dense', node, inputs, units, kernel, bias }, next: this.data(node, 0) };
  }

  private matmul(node: NodeProto): LinearStep & { readonly spec: DenseSpec } {
    const w = this.index.constant(this.data(node, 1));
    if (!w) fail(node, 'the second input must be a constant weight matrix; products of two computed tensors are not supported');
    if (w.dims.length !== 2) fail(node, `the weight must be a matrix, got shape ${dimsText(w)}`);
    const spec: DenseSpec = { kind: 'dense', node, inputs: w.dims[0], units: w.dims[1], kernel: w.values.slice(), bias: null };
    return { spec, next: this.data(node, 0) };
  }

  private add(node: NodeProto, source: string): Step {
    const a = this.data(node, 0);
    const b = this.data(node, 1);
    const ca = this.index.constant(a);
    const cb = this.index.constant(b);
    if (ca && cb) fail(node, 'adds two constants; fold constants before exporting');
    if (ca || cb) return this.biasAdd(node, ca ? b : a, (ca ?? cb) as ConstTensor);
    return this.residual(node, a, b) ?? this.residual(node, b, a) ?? { done: this.noResidual(node, a, b, source) };
  }

  /** `Add(MatMul(x, W), b)` or `Add(Gemm(x, W, c), b)`: one dense layer with bias `b` (plus `c`). */
  private biasAdd(node: NodeProto, x: string, c: ConstTensor): Step {
    const producer = this.index.producer(x);
    if (producer?.op_type !== 'MatMul' && producer?.op_type !== 'Gemm') {
      fail(node, 'adding a constant is supported only as the bias right after a MatMul or Gemm');
    }
    const step = producer.op_type === 'MatMul' ? this.matmul(producer) : this.gemm(producer);
    const dense = step.spec;
    const add = broadcastRow(node, c, dense.units, 'the bias');
    const bias = dense.bias ? dense.bias.map((v, i) => v + add[i]) : add;
    return { spec: { ...dense, bias }, next: step.next };
  }

  /** `Add(body, skip)` where `skip` is the block input, or `MatMul(input, P)` (a projection). */
  private residual(node: NodeProto, body: string, skip: string): LinearStep | null {
    let blockInput = skip;
    let projection: { inputs: number; units: number; kernel: Float32Array } | null = null;
    const skipNode = this.index.producer(skip);
    const plain = this.chain(body, skip);
    if (!plain && skipNode?.op_type === 'MatMul' && skipNode.input?.[0]) {
      const p = this.index.constant(skipNode.input[1] ?? '');
      if (p && p.dims.length === 2) {
        blockInput = skipNode.input[0];
        projection = { inputs: p.dims[0], units: p.dims[1], kernel: p.values.slice() };
      }
    }
    const bodySpecs = projection ? this.chain(body, blockInput) : plain;
    if (!bodySpecs) return null;
    // An empty body (x + x) is a residual block around an identity activation.
    const inner: readonly LayerSpec[] =
      bodySpecs.length > 0 ? bodySpecs : [{ kind: 'activation', node, name: 'identity', hyper: {}, learnable: {} }];
    return { spec: { kind: 'residual', node, body: inner, projection }, next: blockInput };
  }

  private noResidual(node: NodeProto, a: string, b: string, source: string): never | null {
    if (!this.chain(a, source) && !this.chain(b, source)) return null;
    fail(
      node,
      'adds two computed tensors but is not a residual skip (Add(body(x), x) or Add(body(x), MatMul(x, P))); Rectify imports only such skips',
    );
  }

  private activationSpec(node: NodeProto): ActivationSpec {
    const base = { kind: 'activation' as const, node, learnable: {} };
    switch (node.op_type) {
      case 'Relu':
        return { ...base, name: 'relu', hyper: {} };
      case 'Sigmoid':
        return { ...base, name: 'sigmoid', hyper: {} };
      case 'Tanh':
        return { ...base, name: 'tanh', hyper: {} };
      case 'LeakyRelu':
        return { ...base, name: 'leaky-relu', hyper: { negativeSlope: floatAttr(node, 'alpha', 0.01) } };
      case 'Elu':
        return { ...base, name: 'elu', hyper: { alpha: floatAttr(node, 'alpha', 1) } };
      case 'Clip':
        return { ...base, name: 'relu', hyper: this.clipCap(node) };
      case 'PRelu': {
        const slope = this.constInput(node, 1, 'the slope');
        const n = slope.values.length;
        const d = slope.dims;
        const shared = n === 1 && d.every((x) => x === 1);
        const perChannel = n > 1 && ((d.length === 1 && d[0] === n) || (d.length === 2 && d[0] === 1 && d[1] === n));
        if (!shared && !perChannel) {
          fail(node, `a slope of shape ${dimsText(slope)} is not supported; use [1] (shared) or [channels] (one per channel)`);
        }
        return {
          ...base,
          name: 'prelu',
          hyper: { numParameters: n, init: slope.values[0] },
          learnable: { slope: slope.values.slice() },
        };
      }
      default:
        fail(node, 'is not a supported operator');
    }
  }

  private clipBound(node: NodeProto, input: number, attr: string, fallback: number): number {
    const name = node.input?.[input];
    if (name) {
      const t = this.index.constant(name);
      if (t?.values.length !== 1) fail(node, `its ${attr} must be a constant scalar`);
      return t.values[0];
    }
    return floatAttr(node, attr, fallback); // opsets before 11 keep the bounds in attributes
  }

  private clipCap(node: NodeProto): Record<string, number> {
    const min = this.clipBound(node, 1, 'min', -FLOAT_MAX);
    const max = this.clipBound(node, 2, 'max', FLOAT_MAX);
    if (min !== 0 || !(max > 0)) {
      fail(
        node,
        `Clip(min ${min}, max ${max}) has no Rectify equivalent; only Clip(0, cap) with cap > 0 (ReLU6-style) is supported`,
      );
    }
    return max >= FLOAT_MAX ? {} : { cap: max };
  }
}
