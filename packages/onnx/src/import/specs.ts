import type { ActivationPlugin, LayerPlugin, OnnxLayerMatch } from '@rectify/core';
import type { NodeProto } from '../proto/types';

/** An activation layer read from ONNX by its plugin's import hook: the plugin, hyper-parameters and learnable values. */
export interface ActivationSpec {
  readonly kind: 'activation';
  readonly node: NodeProto;
  readonly plugin: ActivationPlugin;
  readonly hyper: Readonly<Record<string, number>>;
  readonly learnable: Readonly<Record<string, Float32Array>>;
}

/** A layer a layer plugin's import hook recognised: its config, parameter and state values, and its children's specs. */
export interface PluginLayerSpec {
  readonly kind: 'plugin';
  readonly node: NodeProto;
  readonly plugin: LayerPlugin;
  readonly match: OnnxLayerMatch;
  /** The specs of the chains the hook returned as children, in order (their layers are the built layer's children). */
  readonly children: readonly LayerSpec[];
}

/** One layer of the model being imported, before it is built. */
export type LayerSpec = ActivationSpec | PluginLayerSpec;
