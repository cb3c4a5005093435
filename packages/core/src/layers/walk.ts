import type { ParamRef } from '../optimizers/contract';
import type { Layer } from './contract';

/**
 * Visits every layer depth-first in model order with its path: top-level layers are `layers.<i>`, the children of
 * a container (a residual block's body) are `<path>.body.<j>`. Diagnostics and backends name layers this way.
 */
export function walkLayers(layers: readonly Layer[], visit: (layer: Layer, path: string) => void, prefix = 'layers'): void {
  layers.forEach((layer, i) => {
    const path = `${prefix}.${i}`;
    visit(layer, path);
    const children = layer.children();
    if (children.length > 0) walkLayers(children, visit, `${path}.body`);
  });
}

/**
 * Every parameter with its model-wide id (`layers.0.kernel`, `layers.3.body.1.slope`, `layers.3.projection.kernel`),
 * in a stable order: each layer's own parameters, then its children's.
 */
export function collectParamRefs(layers: readonly Layer[], prefix = 'layers'): ParamRef[] {
  const refs: ParamRef[] = [];
  walkLayers(
    layers,
    (layer, path) => {
      for (const param of layer.params()) refs.push(Object.freeze({ id: `${path}.${param.name}`, param }));
    },
    prefix,
  );
  return refs;
}
