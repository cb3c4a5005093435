import { ModelFormatError } from '@rectify/core';
import type { GraphProto, NodeProto } from '../proto/types';
import { nodeLabel, rawAttr } from './attributes';
import type { ResolvedOnnxLimits } from './limits';
import { type ConstTensor, readFloatTensor } from './tensor-data';

/** A constant from a node's float attributes, refused unless every value is a finite float32. */
function finiteConstant(node: NodeProto, path: string, dims: number[], values: Float32Array): ConstTensor {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new ModelFormatError(
      path,
      `${nodeLabel(node)}: value ${bad} is ${values[bad]}; constants must be finite float32 numbers`,
    );
  }
  return { dims, values };
}

/** Lookups over a decoded graph: who produces each tensor, and which tensors are constants (decoded on demand). */
export class GraphIndex {
  readonly graph: GraphProto;
  readonly limits: ResolvedOnnxLimits;
  private readonly producers = new Map<string, NodeProto>();
  private readonly positions = new Map<string, number>();
  private readonly initializers = new Map<string, number>();
  private readonly constants = new Map<string, ConstTensor | null>();

  constructor(graph: GraphProto, limits: ResolvedOnnxLimits) {
    this.graph = graph;
    this.limits = limits;
    (graph.initializer ?? []).forEach((t, i) => {
      if (t.name) this.initializers.set(t.name, i);
    });
    (graph.node ?? []).forEach((node, i) => {
      for (const out of node.output ?? []) {
        if (!out) continue;
        this.producers.set(out, node);
        this.positions.set(out, i);
      }
    });
  }

  /** The node that writes `name`, if any. */
  producer(name: string): NodeProto | undefined {
    return this.producers.get(name);
  }

  /**
   * The index of the node that writes `name`, or -1 for the graph input and constants. Nodes are in topological
   * order (the structural check enforces it), so a tensor can only be computed from tensors of lower position.
   */
  position(name: string): number {
    return this.positions.get(name) ?? -1;
  }

  /** True when `name` is an initializer (older files also list initializers among the graph inputs). */
  isInitializer(name: string): boolean {
    return this.initializers.has(name);
  }

  /**
   * The value of `name` when it is a constant: an initializer, the output of a `Constant` node, or an `Identity`
   * of a constant (as exporters emit for shared weights). Null when it is computed from the graph input.
   */
  constant(name: string): ConstTensor | null {
    if (this.constants.has(name)) return this.constants.get(name) ?? null;
    let value: ConstTensor | null = null;
    const index = this.initializers.get(name);
    if (index !== undefined) {
      value = readFloatTensor((this.graph.initializer ?? [])[index], `/graph/initializer/${name}`, this.limits);
    } else {
      const node = this.producers.get(name);
      if (node?.op_type === 'Constant') value = this.constantNode(node);
      else if (node?.op_type === 'Identity' && node.input?.[0]) {
        this.constants.set(name, null); // a cycle through Identity nodes ends here
        value = this.constant(node.input[0]);
      }
    }
    this.constants.set(name, value);
    return value;
  }

  private constantNode(node: NodeProto): ConstTensor {
    const path = `/graph/node/${node.name ?? ''}`;
    const t = rawAttr(node, 'value');
    if (t?.t) return readFloatTensor(t.t, path, this.limits);
    const f = rawAttr(node, 'value_float');
    if (f) return finiteConstant(node, path, [], Float32Array.of(f.f ?? 0));
    const fs = rawAttr(node, 'value_floats');
    if (fs) return finiteConstant(node, path, [fs.floats?.length ?? 0], Float32Array.from(fs.floats ?? []));
    throw new ModelFormatError(
      path,
      `${nodeLabel(node)}: only float tensor constants (value, value_float, value_floats) are supported`,
    );
  }
}
