import { ValidationError } from '../errors';
import type { LayerConfig, OnnxGraphView, OnnxLayerImport, OnnxLayerMatch } from './contract';

/** `x + x` imports as a block around the identity: a residual body cannot be empty. */
const IDENTITY_BODY: readonly LayerConfig[] = [{ type: 'activation', activation: { name: 'identity', hyper: {} } }];

/** `Add(body, skip)` where `skip` is the block input, or `MatMul(input, P)` (a projection); null when it is neither. */
function block(graph: OnnxGraphView, body: string, skip: string): OnnxLayerMatch | null {
  let chain = graph.layers(body, skip);
  let input = skip;
  let projection: Float32Array | null = null;
  let inputShape: readonly number[] | undefined;
  if (!chain) {
    const skipNode = graph.producer(skip);
    const p = skipNode?.opType === 'MatMul' && skipNode.inputs[0] ? graph.constant(skipNode.inputs[1] ?? '') : null;
    if (!skipNode || !p || p.dims.length !== 2) return null;
    input = skipNode.inputs[0];
    chain = graph.layers(body, input);
    projection = p.values;
    inputShape = [p.dims[0]];
  }
  if (!chain) return null;
  const layers = chain.configs.length > 0 ? chain.configs : IDENTITY_BODY;
  return {
    config: { type: 'residual', layers, projection: projection !== null },
    input,
    params: projection ? { 'projection.kernel': projection } : undefined,
    children: [chain],
    inputShape,
  };
}

/** Imports `Add(body(x), x)` and `Add(body(x), MatMul(x, P))` as a residual block; the body through every plugin's hook. */
export const residualOnnxImport: OnnxLayerImport = {
  opTypes: ['Add'],
  match(node, graph): OnnxLayerMatch | null {
    const [a = '', b = ''] = node.inputs;
    if (graph.constant(a) || graph.constant(b)) return null; // a bias: the dense layer's
    const found = block(graph, a, b) ?? block(graph, b, a);
    if (found) return found;
    throw new ValidationError(
      'adds two computed tensors but is not a residual skip (Add(body(x), x) or Add(body(x), MatMul(x, P))); Rectify imports only such skips',
    );
  },
};
