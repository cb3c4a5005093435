import type { Layer, OnnxExportContext } from '@rectify/core';
import type { WindowGeometry } from './geometry';

/**
 * ONNX `pads` ([top, left, bottom, right]) of a window: the zeros before are the geometry's, and the zeros after are
 * whatever makes ONNX's output size `floor((in + pads − span) / stride) + 1` equal ours (PyTorch's symmetric padding,
 * or 'same' with the extra zero after, as PyTorch puts it for an even window).
 */
export function onnxPads(g: WindowGeometry, padding: 'valid' | 'same' | readonly [number, number]): number[] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    const spanH = g.dh * (g.kh - 1) + 1;
    const spanW = g.dw * (g.kw - 1) + 1;
    return [g.padTop, g.padLeft, spanH - 1 - g.padTop, spanW - 1 - g.padLeft];
  }
  return [padding[0], padding[1], padding[0], padding[1]];
}

/** The layer's parameter `name` as an initializer of its own shape. */
export function paramInitializer(layer: Layer, name: string, ctx: OnnxExportContext): string {
  const p = layer.param(name);
  return ctx.initializer(name, p.shape, p.value);
}
