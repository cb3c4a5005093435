import {
  type ActivationLayer,
  activation,
  type Dense,
  dense,
  type Layer,
  ModelFormatError,
  type Registry,
  type Residual,
  residual,
  ShapeError,
} from '@rectify/core';
import { nodeLabel } from './attributes';
import type { LayerSpec } from './specs';

function where(spec: LayerSpec): string {
  return `/graph/node/${(spec.node.name ?? '').slice(0, 120)}`;
}

/** Unbuilt layers for the specs, after checking each width against the one before it; returns the output width. */
export function createLayers(specs: readonly LayerSpec[], width: number, registry: Registry, out: Layer[]): number {
  for (const spec of specs) {
    const label = nodeLabel(spec.node);
    if (spec.kind === 'dense') {
      if (spec.inputs !== width) {
        throw new ModelFormatError(where(spec), `${label}: its weight takes ${spec.inputs} features but receives ${width}`);
      }
      out.push(dense(spec.units, { useBias: spec.bias !== null }));
      width = spec.units;
    } else if (spec.kind === 'activation') {
      try {
        out.push(activation(registry.activation(spec.name), spec.hyper));
      } catch (e) {
        throw new ModelFormatError(where(spec), `${label}: ${(e as Error).message}`);
      }
    } else if (spec.kind === 'plugin') {
      let layer: Layer;
      try {
        layer = spec.plugin.fromConfig(spec.match.config, registry);
        const shape = spec.plugin.outputShape(layer.settings, { input: [width], children: [] });
        if (shape.length !== 1)
          throw new ShapeError(`it maps [${width}] to [${shape.join(', ')}]; only flat features are imported`);
        width = shape[0];
      } catch (e) {
        throw new ModelFormatError(where(spec), `${label}: ${(e as Error).message}`);
      }
      out.push(layer);
    } else {
      const body: Layer[] = [];
      const bodyWidth = createLayers(spec.body, width, registry, body);
      if (spec.projection) {
        if (spec.projection.inputs !== width || spec.projection.units !== bodyWidth) {
          throw new ModelFormatError(
            where(spec),
            `${label}: the skip projection maps ${spec.projection.inputs} → ${spec.projection.units} but the block maps ${width} → ${bodyWidth}`,
          );
        }
      } else if (bodyWidth !== width) {
        throw new ShapeError(`${label}: the residual body maps ${width} → ${bodyWidth} features but the skip is the identity`);
      }
      out.push(residual(body, { projection: spec.projection !== null }));
      width = bodyWidth;
    }
  }
  return width;
}

/** Copies values an import read into a built layer's parameter or state buffer, refusing a length mismatch. */
function setValues(spec: LayerSpec, target: Float32Array, values: Float32Array, what: string): void {
  if (values.length !== target.length) {
    throw new ModelFormatError(
      where(spec),
      `${nodeLabel(spec.node)}: ${what} has ${values.length} values but the layer needs ${target.length}`,
    );
  }
  target.set(values);
}

/** Copies the imported weights into the built layers (same order and shapes as {@link createLayers} made them). */
export function assignWeights(specs: readonly LayerSpec[], layers: readonly Layer[]): void {
  specs.forEach((spec, i) => {
    const layer = layers[i];
    if (spec.kind === 'dense') {
      const d = layer as Dense;
      d.param('kernel').value.set(spec.kernel);
      if (spec.bias && d.settings.useBias) d.param('bias').value.set(spec.bias);
    } else if (spec.kind === 'activation') {
      const a = layer as ActivationLayer;
      for (const [key, values] of Object.entries(spec.learnable)) setValues(spec, a.param(key).value, values, key);
    } else if (spec.kind === 'plugin') {
      const params = new Map(layer.params().map((p) => [p.name, p.value]));
      const state = new Map(layer.state().map((b) => [b.name, b.value]));
      for (const [key, values] of Object.entries(spec.match.params ?? {})) {
        const target = params.get(key);
        if (!target) throw new ModelFormatError(where(spec), `${nodeLabel(spec.node)}: the layer has no parameter "${key}"`);
        setValues(spec, target, values, `parameter ${key}`);
      }
      for (const [key, values] of Object.entries(spec.match.state ?? {})) {
        const target = state.get(key);
        if (!target) throw new ModelFormatError(where(spec), `${nodeLabel(spec.node)}: the layer has no state buffer "${key}"`);
        setValues(spec, target, values, `state ${key}`);
      }
    } else {
      const r = layer as Residual;
      assignWeights(spec.body, r.children());
      if (spec.projection) r.param('projection.kernel').value.set(spec.projection.kernel);
    }
  });
}
