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
  ValidationError,
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
      if (!registry.hasActivation(spec.name)) {
        throw new ValidationError(
          `${label} needs the activation "${spec.name}", which the registry lacks; pass importOnnx(bytes, { registry }) with it registered (registerActivation(${spec.name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())}) from @rectify/${spec.name})`,
          'UNKNOWN_PLUGIN',
        );
      }
      const n = spec.learnable.slope?.length;
      if (n !== undefined && n !== 1 && n !== width) {
        throw new ModelFormatError(where(spec), `${label}: ${n} slopes for ${width} channels; use 1 or ${width}`);
      }
      try {
        out.push(activation(registry.activation(spec.name), spec.hyper));
      } catch (e) {
        throw new ModelFormatError(where(spec), `${label}: ${(e as Error).message}`);
      }
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
      for (const [key, values] of Object.entries(spec.learnable)) a.param(key).value.set(values);
    } else {
      const r = layer as Residual;
      assignWeights(spec.body, r.children());
      if (spec.projection) r.param('projection.kernel').value.set(spec.projection.kernel);
    }
  });
}
