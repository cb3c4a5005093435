import {
  activation,
  type LayerConfig,
  ModelFormatError,
  type OnnxGraphView,
  type OnnxImportedLayers,
  type Registry,
  RectifyError,
} from '@rectify/core';
import type { NodeProto } from '../proto/types';
import { intAttr, nodeLabel } from './attributes';
import type { GraphIndex } from './graph-index';
import type { ActivationSpec, LayerSpec, PluginLayerSpec } from './specs';
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

/** What a hook said of a node: its match, or the reason it recognised the node but cannot express it. */
type Answer<T> = { readonly match: T | null } | { readonly error: string };

/** The JSON config a spec builds to (what a nesting hook puts in its own config). */
function configOf(spec: LayerSpec): LayerConfig {
  return spec.kind === 'plugin' ? spec.match.config : activation(spec.plugin, spec.hyper).config();
}

/**
 * Turns the graph into layer specs by walking back from the graph output: each step offers the node that produces
 * a tensor to the plugins' import hooks and continues from the tensor the matching hook names, until it reaches the
 * requested source (the graph input, or a nested block's input, for hooks that ask {@link OnnxGraphView.layers}).
 * Results are memoised per (target, source), so matching nested blocks stays polynomial.
 */
export class Converter {
  private readonly index: GraphIndex;
  private readonly graphInput: string;
  private readonly graphOutput: string;
  readonly state: ConversionState = { flattenedInput: false, droppedSoftmax: false };
  private readonly memo = new Map<string, readonly LayerSpec[] | null>();
  private readonly registry: Registry;
  private readonly view: OnnxGraphView;
  /** The chains handed to hooks, with their specs: a hook's `children` must be among them. */
  private readonly chains = new WeakMap<OnnxImportedLayers, readonly LayerSpec[]>();

  constructor(index: GraphIndex, graphInput: string, graphOutput: string, registry: Registry) {
    this.index = index;
    this.graphInput = graphInput;
    this.graphOutput = graphOutput;
    this.registry = registry;
    this.view = graphView(index, (target, source) => this.layers(target, source));
  }

  /** {@link OnnxGraphView.layers}: the chain from `source` to `target` as configs, remembered with its specs. */
  private layers(target: string, source: string): OnnxImportedLayers | null {
    const specs = this.chain(target, source);
    if (!specs) return null;
    const chain: OnnxImportedLayers = Object.freeze({ configs: Object.freeze(specs.map(configOf)) });
    this.chains.set(chain, specs);
    return chain;
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
        return { spec: null, next: this.data(node, 0) };
      case 'Flatten':
        return node.input?.[0] === this.graphInput ? this.flatten(node, source) : this.pluginStep(node);
      case 'Softmax':
        return this.softmax(node, target);
      case 'Constant':
        return { done: null };
      default:
        return this.pluginStep(node);
    }
  }

  /**
   * A node no structural rule covers: offered to the import hooks of the registry's layer plugins, then of its
   * activation plugins, whose opTypes name the node's operator; the first match wins. When none matches, the first
   * hook that recognised the node but could not express it says why.
   */
  private pluginStep(node: NodeProto): LinearStep {
    const op = node.op_type ?? '';
    const view = nodeView(node);
    let reason: string | null = null;
    for (const plugin of this.registry.listLayers()) {
      const hook = plugin.onnx?.import;
      if (!hook?.opTypes.includes(op)) continue;
      const who = `layer plugin "${plugin.type}"`;
      const answer = this.ask(node, who, () => hook.match(view, this.view));
      if ('error' in answer) {
        reason ??= answer.error;
        continue;
      }
      const match = answer.match;
      if (!match) continue;
      if (typeof match.input !== 'string' || this.index.position(match.input) >= this.index.position(node.output?.[0] ?? '')) {
        fail(node, `the import hook of ${who} returned an input that is not before the node`);
      }
      const children = (match.children ?? []).flatMap((chain) => {
        const specs = this.chains.get(chain);
        if (!specs) fail(node, `the import hook of ${who} returned children that do not come from graph.layers()`);
        return specs;
      });
      const spec: PluginLayerSpec = { kind: 'plugin', node, plugin, match, children };
      return { spec, next: match.input };
    }
    for (const plugin of this.registry.listActivations()) {
      const hook = plugin.onnx?.import;
      if (!hook?.opTypes.includes(op)) continue;
      const answer = this.ask(node, `activation "${plugin.name}"`, () => hook.match(view, this.view));
      if ('error' in answer) {
        reason ??= answer.error;
        continue;
      }
      const match = answer.match;
      if (!match) continue;
      const spec: ActivationSpec = { kind: 'activation', node, plugin, hyper: match.hyper, learnable: match.learnable ?? {} };
      return { spec, next: this.activationInput(node, match.input, plugin.name) };
    }
    if (reason !== null) fail(node, reason);
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
   * Runs an import hook. A hook's own RectifyError (a node it recognises but cannot express) becomes an answer, so
   * another plugin may still import the node; an unexpected error names the hook.
   */
  private ask<T>(node: NodeProto, who: string, match: () => T | null): Answer<T> {
    try {
      return { match: match() };
    } catch (e) {
      if (e instanceof ModelFormatError) throw e; // a broken constant the hook read: the file's own path says where
      if (e instanceof RectifyError) return { error: e.message };
      fail(node, `the import hook of ${who} threw: ${(e as Error).message}`);
    }
  }

  /** A Flatten right at the graph input is absorbed: the model takes the rows flattened. */
  private flatten(node: NodeProto, source: string): Step {
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
}
