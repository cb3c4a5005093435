import { type ActivationOnnxMatch, type OnnxGraphView, type OnnxNodeView, ValidationError } from '@rectify/core';

/** Clip's "no bound" in opsets before 11 (float max); anything at least this large counts as no cap. */
const FLOAT_MAX = 3.4028234663852886e38;

/** A Clip bound: a constant scalar input (opset 11+) or, in older files, an attribute. */
function clipBound(node: OnnxNodeView, graph: OnnxGraphView, input: number, attr: string, fallback: number): number {
  const name = node.inputs[input];
  if (name) {
    const t = graph.constant(name);
    if (t?.values.length !== 1) throw new ValidationError(`its ${attr} must be a constant scalar`);
    return t.values[0]!;
  }
  const value = node.attribute(attr);
  return typeof value === 'number' ? value : fallback;
}

/**
 * `Relu` is ReLU; `Clip(0, cap)` with cap > 0 is the capped ReLU (ReLU6 for cap 6). Any other Clip is refused with
 * the reason, since no other plugin is expected to express a clip with a nonzero lower bound.
 */
export function importRelu(node: OnnxNodeView, graph: OnnxGraphView): ActivationOnnxMatch {
  if (node.opType === 'Relu') return { hyper: {} };
  const min = clipBound(node, graph, 1, 'min', -FLOAT_MAX);
  const max = clipBound(node, graph, 2, 'max', FLOAT_MAX);
  if (min !== 0 || !(max > 0)) {
    throw new ValidationError(
      `Clip(min ${min}, max ${max}) has no Rectify equivalent; only Clip(0, cap) with cap > 0 (ReLU6-style) is supported`,
    );
  }
  return { hyper: max >= FLOAT_MAX ? {} : { cap: max } };
}
