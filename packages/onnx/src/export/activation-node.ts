import { type ActivationLayer, type OnnxNodeSpec, type Param, PluginError } from '@rectify/core';
import type { AttributeValue, GraphBuilder } from './graph-builder';

/**
 * Attributes that ONNX types as INT. An {@link OnnxNodeSpec} carries plain numbers, so every other attribute is
 * written as FLOAT (alpha, beta, gamma, ...), which is what the element-wise operators declare.
 */
const INT_ATTRIBUTES = new Set(['axis', 'transA', 'transB', 'keepdims', 'fmod', 'detect_negative', 'detect_positive']);

function pluginError(path: string, layer: ActivationLayer, problem: string): PluginError {
  const a = layer.settings.activation;
  const who = typeof a === 'string' ? `activation "${a}"` : `activation "${a.name}" (version ${a.version})`;
  return new PluginError(`ONNX export of ${path}: ${who} ${problem}`, 'ONNX_EXPORT');
}

function learnableOf(layer: ActivationLayer, name: string): Param | undefined {
  return layer.params().find((p) => p.name === name);
}

/** Asks the layer's plugin for its ONNX mapping and checks it; throws a PluginError naming the layer and plugin. */
export function activationSpec(path: string, layer: ActivationLayer): OnnxNodeSpec {
  const plugin = layer.settings.activation;
  if (typeof plugin === 'string') throw pluginError(path, layer, 'is not built; build the model before exporting it');
  const toOnnx = plugin.export?.onnx;
  if (typeof toOnnx !== 'function') {
    throw pluginError(
      path,
      layer,
      'declares no ONNX mapping; add `export: { onnx: (hyper) => ({ opType, sinceVersion, ... }) }` to its defineActivation() definition, or replace the layer',
    );
  }
  let spec: OnnxNodeSpec;
  try {
    spec = toOnnx(layer.settings.hyper);
  } catch (e) {
    throw pluginError(path, layer, `threw from export.onnx: ${(e as Error).message}`);
  }
  if (
    typeof spec !== 'object' ||
    spec === null ||
    typeof spec.opType !== 'string' ||
    !/^[A-Za-z][A-Za-z0-9_]*$/.test(spec.opType)
  ) {
    throw pluginError(path, layer, 'returned an ONNX mapping without a valid opType such as "Relu"');
  }
  if (!Number.isInteger(spec.sinceVersion) || spec.sinceVersion < 1) {
    throw pluginError(
      path,
      layer,
      `returned sinceVersion ${String(spec.sinceVersion)}; give the operator version as a positive integer`,
    );
  }
  for (const [key, value] of Object.entries(spec.attributes ?? {})) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw pluginError(path, layer, `returned attribute ${key} = ${String(value)}; attributes must be finite numbers`);
    }
  }
  for (const [i, input] of (spec.inputs ?? []).entries()) {
    if (input === null) continue;
    if ('learnable' in input) {
      if (!learnableOf(layer, input.learnable)) {
        throw pluginError(
          path,
          layer,
          `maps input ${i + 1} to learnable "${input.learnable}", which the plugin does not declare`,
        );
      }
    } else if (typeof input.constant !== 'number' || Number.isNaN(input.constant)) {
      throw pluginError(path, layer, `maps input ${i + 1} to a constant that is not a number`);
    }
  }
  return spec;
}

/**
 * Emits the node of an activation layer: `X` then the spec's extra inputs (scalar constants become rank-0
 * initializers named `<path>/input<k>`; learnables are the layer's params, named by their id `<path>.<name>`).
 * A per-channel learnable gets shape `[channels, 1, ...]` so that ONNX broadcasting (right-aligned) puts it on
 * dimension 1 of `[batch, channels, ...]`; a shared one gets shape `[1]`.
 */
export function emitActivation(
  builder: GraphBuilder,
  path: string,
  layer: ActivationLayer,
  spec: OnnxNodeSpec,
  input: string,
): string {
  const inputs = [input];
  const perSampleRank = layer.inputShape.length;
  for (const [i, extra] of (spec.inputs ?? []).entries()) {
    if (extra === null) {
      inputs.push('');
    } else if ('learnable' in extra) {
      const param = learnableOf(layer, extra.learnable) as Param;
      const dims = param.value.length === 1 ? [1] : [param.value.length, ...new Array(perSampleRank - 1).fill(1)];
      inputs.push(builder.addInitializer(`${path}.${extra.learnable}`, dims, param.value));
    } else {
      inputs.push(builder.addInitializer(`${path}/input${i + 1}`, [], Float32Array.of(extra.constant)));
    }
  }
  while (inputs.length > 1 && inputs[inputs.length - 1] === '') inputs.pop();
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(spec.attributes ?? {})) {
    attributes[key] = INT_ATTRIBUTES.has(key) ? { int: value } : { float: value };
  }
  return builder.addNode(spec.opType, path, inputs, `${path}/out`, attributes);
}
