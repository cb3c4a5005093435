import { type ActivationLayer, activation, type Layer, ModelFormatError, type Registry } from '@rectify/core';
import { nodeLabel } from './attributes';
import type { LayerSpec } from './specs';

function where(spec: LayerSpec): string {
  return `/graph/node/${(spec.node.name ?? '').slice(0, 120)}`;
}

function describe(shape: readonly number[]): string {
  return shape.length === 1 ? `${shape[0]} features` : `[${shape.join(', ')}] per sample`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A ModelFormatError at the spec's node, with the node's label before the problem. */
function atNode(spec: LayerSpec, problem: string): ModelFormatError {
  return new ModelFormatError(where(spec), `${nodeLabel(spec.node)}: ${problem}`);
}

/** A layer's per-sample output shape, its children chained in order as `build` chains them. */
function shapeThrough(layer: Layer, input: readonly number[]): readonly number[] {
  const children: (readonly number[])[] = [];
  let shape = input;
  for (const child of layer.children()) {
    shape = shapeThrough(child, shape);
    children.push(shape);
  }
  return layer.plugin.outputShape(layer.settings, { input, children });
}

/**
 * Unbuilt layers for the specs, after checking what reaches each layer against the weights it was given; returns
 * the per-sample output shape.
 */
export function createLayers(
  specs: readonly LayerSpec[],
  input: readonly number[],
  registry: Registry,
  out: Layer[],
): readonly number[] {
  let shape = input;
  for (const spec of specs) {
    if (spec.kind === 'activation') {
      try {
        out.push(activation(spec.plugin, spec.hyper));
      } catch (e) {
        throw atNode(spec, (e as Error).message);
      }
    } else {
      const expected = spec.match.inputShape;
      if (expected && !sameShape(expected, shape)) {
        throw atNode(spec, `its weights take ${describe(expected)} but it receives ${describe(shape)}`);
      }
      createLayers(spec.children, shape, registry, []); // checks each child at its own node
      try {
        const layer = spec.plugin.fromConfig(spec.match.config, registry);
        shape = shapeThrough(layer, shape);
        out.push(layer);
      } catch (e) {
        throw atNode(spec, (e as Error).message);
      }
    }
  }
  return shape;
}

/** Copies values an import read into a built layer's parameter or state buffer, refusing a length mismatch. */
function setValues(spec: LayerSpec, target: Float32Array, values: Float32Array, what: string): void {
  if (values.length !== target.length) {
    throw atNode(spec, `${what} has ${values.length} values but the layer needs ${target.length}`);
  }
  target.set(values);
}

/** Copies the imported weights into the built layers (same order and shapes as {@link createLayers} made them). */
export function assignWeights(specs: readonly LayerSpec[], layers: readonly Layer[]): void {
  specs.forEach((spec, i) => {
    const layer = layers[i];
    if (spec.kind === 'activation') {
      const a = layer as ActivationLayer;
      for (const [key, values] of Object.entries(spec.learnable)) setValues(spec, a.param(key).value, values, key);
      return;
    }
    const params = new Map(layer.params().map((p) => [p.name, p.value]));
    const state = new Map(layer.state().map((b) => [b.name, b.value]));
    for (const [key, values] of Object.entries(spec.match.params ?? {})) {
      const target = params.get(key);
      if (!target) throw atNode(spec, `the layer has no parameter "${key}"`);
      setValues(spec, target, values, `parameter ${key}`);
    }
    for (const [key, values] of Object.entries(spec.match.state ?? {})) {
      const target = state.get(key);
      if (!target) throw atNode(spec, `the layer has no state buffer "${key}"`);
      setValues(spec, target, values, `state ${key}`);
    }
    if (spec.children.length > 0) {
      const children = layer.children();
      if (children.length !== spec.children.length) {
        throw atNode(spec, `its import hook gave ${spec.children.length} child layers but its config builds ${children.length}`);
      }
      assignWeights(spec.children, children);
    }
  });
}
