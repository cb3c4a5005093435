import { type ActivationOnnxMatch, type OnnxGraphView, type OnnxNodeView, ValidationError } from '@rectify/core';

/**
 * `PRelu(x, slope)` with a constant slope of shape `[1]` (shared) or `[channels]` / `[1, channels]` (one per channel,
 * as {@link prelu}'s export writes it after a dense layer).
 */
export function importPrelu(node: OnnxNodeView, graph: OnnxGraphView): ActivationOnnxMatch {
  const slope = graph.constant(node.inputs[1] ?? '');
  if (!slope) throw new ValidationError('the slope must be a constant (an initializer), not computed from the input');
  const n = slope.values.length;
  const d = slope.dims;
  const shared = n === 1 && d.every((x) => x === 1);
  const perChannel = n > 1 && ((d.length === 1 && d[0] === n) || (d.length === 2 && d[0] === 1 && d[1] === n));
  if (!shared && !perChannel) {
    throw new ValidationError(
      `a slope of shape [${d.join(', ')}] is not supported; use [1] (shared) or [channels] (one per channel)`,
    );
  }
  return { hyper: { numParameters: n, init: slope.values[0]! }, learnable: { slope: slope.values } };
}
