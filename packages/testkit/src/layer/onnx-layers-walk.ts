import {
  activation,
  type LayerConfig,
  type OnnxGraphView,
  type OnnxImportedLayers,
  type OnnxNodeView,
  type Registry,
} from '@rectify/core';

/**
 * {@link OnnxGraphView.layers} for the testkit's own graph view: walks back from `target` to `source` offering each
 * node to the registry's layer hooks, then its activation hooks (as `@rectify/onnx` does, without its error
 * reporting), and skips `Identity`. Null when a node is not recognised or the walk leaves the graph.
 */
export function walkLayers(graph: OnnxGraphView, registry: Registry, target: string, source: string): OnnxImportedLayers | null {
  const configs: LayerConfig[] = [];
  let current = target;
  for (let steps = 0; current !== source; steps++) {
    const node = graph.producer(current);
    if (!node || steps > 10_000) return null;
    const next = node.opType === 'Identity' ? { input: node.inputs[0] ?? '' } : recognise(node, graph, registry, configs);
    if (!next) return null;
    current = next.input;
  }
  return { configs: configs.reverse() };
}

function recognise(
  node: OnnxNodeView,
  graph: OnnxGraphView,
  registry: Registry,
  configs: LayerConfig[],
): { input: string } | null {
  for (const plugin of registry.listLayers()) {
    const hook = plugin.onnx?.import;
    const match = hook?.opTypes.includes(node.opType) ? hook.match(node, graph) : null;
    if (match) {
      configs.push(match.config);
      return match;
    }
  }
  for (const plugin of registry.listActivations()) {
    const hook = plugin.onnx?.import;
    const match = hook?.opTypes.includes(node.opType) ? hook.match(node, graph) : null;
    if (match) {
      configs.push(activation(plugin, match.hyper).config());
      return { input: match.input ?? node.inputs[0] ?? '' };
    }
  }
  return null;
}
