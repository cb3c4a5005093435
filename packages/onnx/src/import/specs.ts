import type { LayerPlugin, OnnxLayerMatch } from '@rectify/core';
import type { NodeProto } from '../proto/types';

/** A dense layer read from ONNX: kernel in Rectify's `[inputs, units]` row-major layout. */
export interface DenseSpec {
  readonly kind: 'dense';
  readonly node: NodeProto;
  readonly inputs: number;
  readonly units: number;
  readonly kernel: Float32Array;
  readonly bias: Float32Array | null;
}

/** An activation layer read from ONNX by its plugin's import hook: the registry name, hyper-parameters and learnable values. */
export interface ActivationSpec {
  readonly kind: 'activation';
  readonly node: NodeProto;
  readonly name: string;
  readonly hyper: Readonly<Record<string, number>>;
  readonly learnable: Readonly<Record<string, Float32Array>>;
}

/** A residual block read from ONNX: `Add(body(x), x)` or `Add(body(x), MatMul(x, P))`. */
export interface ResidualSpec {
  readonly kind: 'residual';
  readonly node: NodeProto;
  readonly body: readonly LayerSpec[];
  readonly projection: { readonly inputs: number; readonly units: number; readonly kernel: Float32Array } | null;
}

/** A layer a layer plugin's import hook recognised: its config, parameter and state values. */
export interface PluginLayerSpec {
  readonly kind: 'plugin';
  readonly node: NodeProto;
  readonly plugin: LayerPlugin;
  readonly match: OnnxLayerMatch;
}

/** One layer of the model being imported, before it is built. */
export type LayerSpec = DenseSpec | ActivationSpec | ResidualSpec | PluginLayerSpec;
