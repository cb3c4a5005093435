import { ModelFormatError, type OnnxGraphView, type Registry, RectifyError } from '@rectify/core';
import type { NodeProto } from '../proto/types';
import { floatAttr, intAttr, nodeLabel } from './attributes';
import type { GraphIndex } from './graph-index';
import type { ActivationSpec, DenseSpec, LayerSpec, PluginLayerSpec } from './specs';
import type { ConstTensor } from './tensor-data';
import { graphView, nodeView } from './views';

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
  private readonly registry: Registry;
  private readonly view: OnnxGraphView;

  constructor(index: GraphIndex, graphInput: string, graphOutput: string, registry: Registry) {
    this.index = index;
    this.graphInput = graphInput;
    this.graphOutput = graphOutput;
    this.registry = registry;
    this.view = graphView(index);
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
        return this.pluginStep(node);
    }
  }

  /**
   * A node no structural rule covers: offered to the import hooks of the registry's layer plugins, then of its
   * activation plugins, whose opTypes name the node's operator; the first match wins.
   */
  private pluginStep(node: NodeProto): LinearStep {
    const op = node.op_type ?? '';
    const view = nodeView(node);
    for (const plugin of this.registry.listLayers()) {
      const hook = plugin.onnx?.import;
      if (!hook?.opTypes.includes(op)) continue;
      const match = this.ask(node, `layer plugin "${plugin.type}"`, () => hook.match(view, this.view));
      if (!match) continue;
      if (typeof match.input !== 'string' || this.index.position(match.input) >= this.index.position(node.output?.[0] ?? '')) {
        fail(node, `the import hook of layer plugin "${plugin.type}" returned an input that is not before the node`);
      }
      const spec: PluginLayerSpec = { kind: 'plugin', node, plugin, match };
      return { spec, next: match.input };
    }
    for (const plugin of this.registry.listActivations()) {
      const hook = plugin.onnx?.import;
      if (!hook?.opTypes.includes(op)) continue;
      const match = this.ask(node, `activation "${plugin.name}"`, () => hook.match(view, this.view));
      if (!match) continue;
      const spec: ActivationSpec = {
        kind: 'activation',
        node,
        name: plugin.name,
        hyper: match.hyper,
        learnable: match.learnable ?? {},
      };
      return { spec, next: this.activationInput(node, match.input, plugin.name) };
    }
    fail(
      node,
      'is not imported by any plugin in the registry, or none recognises its settings; register the plugin that imports it (importOnnx(bytes, { registry }))',
    );
  }

  /** The tensor an activation reads: the node's first input, or an earlier tensor its hook names. */
  private activationInput(node: NodeProto, input: string | undefined, name: string): string {
    if (input === undefined) return this.data(node, 0);
    if (typeof input !== 'string' || this.index.position(input) >= this.index.position(node.output?.[0] ?? '')) {
      fail(node, `the import hook of activation "${name}" returned an input that is not before the node`);
    }
    return input;
  }

  /**
   * Runs an import hook; a hook's own error (a node it recognises but cannot express) is reported with the node, an
   * unexpected one names the hook.
   */
  private ask<T>(node: NodeProto, who: string, match: () => T): T {
    try {
      return match();
    } catch (e) {
      if (e instanceof ModelFormatError) throw e; // a broken constant the hook read: the file's own path says where
      if (e instanceof RectifyError) fail(node, e.message);
      fail(node, `the import hook of ${who} threw: ${(e as Error).message}`);
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
}
