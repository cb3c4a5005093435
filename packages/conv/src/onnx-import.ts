import { type OnnxGraphView, type OnnxLayerImport, type OnnxLayerMatch, type OnnxNodeView, ValidationError } from '@rectify/core';
import type { Pair } from './geometry';

/** An int-list attribute of 2-D windows (`kernel_shape`, `strides`, …) as a pair, or `fallback` when absent. */
function pairAttribute(node: OnnxNodeView, name: string, fallback: Pair | null): Pair | null {
  const v = node.attribute(name);
  if (v === undefined) return fallback;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ValidationError(`${name} must be two positive integers (a 2-D window), got ${JSON.stringify(v)}`);
  }
  return [v[0], v[1]];
}

function intAttribute(node: OnnxNodeView, name: string, fallback: number): number {
  const v = node.attribute(name);
  return typeof v === 'number' ? v : fallback;
}

/** ONNX `pads` `[top, left, bottom, right]`, checked to be four non-negative integers. */
function padsAttribute(node: OnnxNodeView): readonly number[] {
  const v = node.attribute('pads');
  if (v === undefined) return [0, 0, 0, 0];
  if (!Array.isArray(v) || v.length !== 4 || !v.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ValidationError(`pads must be four non-negative integers [top, left, bottom, right], got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * Rectify's padding for a window's ONNX padding: symmetric pads as `[height, width]` (`'valid'` for none), or
 * `'same'` for stride 1 with the extra zero after (ONNX `SAME_UPPER`, PyTorch's `padding='same'`).
 */
function padding(node: OnnxNodeView, kernel: Pair, strides: Pair, dilation: Pair): 'valid' | 'same' | Pair {
  const auto = node.attribute('auto_pad');
  const stride1 = strides[0] === 1 && strides[1] === 1;
  if (auto === 'VALID') return 'valid';
  if (auto === 'SAME_UPPER' && stride1) return 'same';
  if (auto !== undefined && auto !== 'NOTSET') {
    throw new ValidationError(
      `auto_pad ${String(auto)} is not supported; use explicit pads, VALID, or SAME_UPPER with strides 1`,
    );
  }
  const [top, left, bottom, right] = padsAttribute(node);
  if (top === bottom && left === right) return top === 0 && left === 0 ? 'valid' : [top, left];
  const totalH = dilation[0] * (kernel[0] - 1);
  const totalW = dilation[1] * (kernel[1] - 1);
  const same =
    stride1 &&
    top + bottom === totalH &&
    left + right === totalW &&
    top === Math.floor(totalH / 2) &&
    left === Math.floor(totalW / 2);
  if (same) return 'same';
  throw new ValidationError(
    `pads [${[top, left, bottom, right].join(', ')}] are asymmetric; only symmetric pads or 'same' (strides 1, the extra zero after) are supported`,
  );
}

function pad(p: 'valid' | 'same' | Pair): string | number[] {
  return typeof p === 'string' ? p : [...p];
}

/** `Conv` with a constant 4-D weight `[filters, channels/groups, kh, kw]` and optional bias: a conv2d layer. */
export const conv2dOnnxImport: OnnxLayerImport = {
  opTypes: ['Conv'],
  match(node, graph): OnnxLayerMatch {
    const w = graph.constant(node.inputs[1] ?? '');
    if (!w) throw new ValidationError('the weight must be a constant (an initializer), not computed from the input');
    if (w.dims.length !== 4)
      throw new ValidationError(`the weight must be 4-D [filters, channels/groups, kh, kw] (Conv2d), got [${w.dims.join(', ')}]`);
    const [filters, , kh, kw] = w.dims;
    const kernelSize = pairAttribute(node, 'kernel_shape', [kh, kw]) as Pair;
    if (kernelSize[0] !== kh || kernelSize[1] !== kw) {
      throw new ValidationError(`kernel_shape [${kernelSize.join(', ')}] differs from the weight's window ${kh}×${kw}`);
    }
    const strides = pairAttribute(node, 'strides', [1, 1]) as Pair;
    const dilation = pairAttribute(node, 'dilations', [1, 1]) as Pair;
    const bias = node.inputs[2] ? graph.constant(node.inputs[2]) : null;
    if (node.inputs[2] && !bias) throw new ValidationError('the bias must be a constant (an initializer)');
    if (bias && bias.values.length !== filters)
      throw new ValidationError(`the bias has ${bias.values.length} values for ${filters} filters`);
    return {
      config: {
        type: 'conv2d',
        filters,
        kernelSize: [...kernelSize],
        strides: [...strides],
        padding: pad(padding(node, kernelSize, strides, dilation)),
        dilation: [...dilation],
        groups: intAttribute(node, 'group', 1),
        useBias: bias !== null,
      },
      input: node.inputs[0] ?? '',
      params: bias ? { kernel: w.values, bias: bias.values } : { kernel: w.values },
    };
  },
};

/**
 * The zeros an `AveragePool` reads from a `Pad` right before it (how PyTorch exports `AvgPool2d` with padding and
 * `count_include_pad=True`): `[height, width]` and the Pad's input, or null when the input is not such a Pad.
 */
function zeroPadUnder(node: OnnxNodeView, graph: OnnxGraphView): { zeros: Pair; input: string } | null {
  const x = node.inputs[0] ?? '';
  const pad = graph.producer(x);
  if (pad?.opType !== 'Pad' || graph.consumers(x) !== 1) return null;
  const mode = pad.attribute('mode');
  if (mode !== undefined && mode !== 'constant')
    throw new ValidationError(`Pad mode ${String(mode)} before AveragePool is not supported; only constant zeros`);
  const value = pad.inputs[2] ? graph.constant(pad.inputs[2])?.values[0] : pad.attribute('value');
  if (value !== undefined && value !== 0)
    throw new ValidationError(`Pad with value ${String(value)} before AveragePool is not supported; only zeros`);
  const given = pad.inputs[1] ? graph.constant(pad.inputs[1])?.values : pad.attribute('pads');
  if (!given || !(Array.isArray(given) || given instanceof Float32Array))
    throw new ValidationError('the Pad before AveragePool needs constant pads');
  const p = Array.from(given as ArrayLike<number>);
  // [n, c, top, left, n, c, bottom, right]: only the spatial axes, the same before and after.
  if (p.length !== 8 || p[0] || p[1] || p[4] || p[5] || p[2] !== p[6] || p[3] !== p[7]) {
    throw new ValidationError(
      `Pad pads [${p.join(', ')}] before AveragePool are not supported; only symmetric height/width padding`,
    );
  }
  return { zeros: [p[2], p[3]], input: pad.inputs[0] ?? '' };
}

/** `MaxPool` / `AveragePool` (2-D, floor mode) as max-pool2d / avg-pool2d; ONNX's strides default to 1. */
export function poolOnnxImport(type: 'max-pool2d' | 'avg-pool2d'): OnnxLayerImport {
  const op = type === 'max-pool2d' ? 'MaxPool' : 'AveragePool';
  return {
    opTypes: op === 'AveragePool' ? [op, 'Pad'] : [op],
    match(node, graph): OnnxLayerMatch {
      if (node.opType === 'Pad')
        throw new ValidationError('Pad is imported only right before an AveragePool (zeros counted in the mean)');
      const indices = node.outputs[1];
      if (indices && graph.consumers(indices) > 0)
        throw new ValidationError('its Indices output is used; only the pooled values can be imported');
      if (intAttribute(node, 'ceil_mode', 0) !== 0)
        throw new ValidationError('ceil_mode = 1 is not supported; export with ceil_mode=False');
      const poolSize = pairAttribute(node, 'kernel_shape', null);
      if (!poolSize) throw new ValidationError('kernel_shape is missing');
      const dilation = pairAttribute(node, 'dilations', [1, 1]) as Pair;
      if (dilation[0] !== 1 || dilation[1] !== 1) throw new ValidationError('dilated pooling is not supported');
      const strides = pairAttribute(node, 'strides', [1, 1]) as Pair;
      const p = padding(node, poolSize, strides, dilation);
      if (p === 'same') throw new ValidationError("'same' pooling pads are not supported; use symmetric pads");
      const zeros: Pair = p === 'valid' ? [0, 0] : p;
      // Rectify's average pooling counts the padding zeros in the divisor, as PyTorch's default does.
      if (op === 'AveragePool' && (zeros[0] > 0 || zeros[1] > 0) && intAttribute(node, 'count_include_pad', 0) !== 1) {
        throw new ValidationError('count_include_pad = 0 with padding is not supported; export with count_include_pad=True');
      }
      const padded = op === 'AveragePool' && p === 'valid' ? zeroPadUnder(node, graph) : null;
      return {
        config: { type, poolSize: [...poolSize], strides: [...strides], padding: [...(padded?.zeros ?? zeros)] },
        input: padded?.input ?? node.inputs[0] ?? '',
      };
    },
  };
}

/** The `GlobalAveragePool` node under a `Flatten`, when the Flatten alone reads it. */
function pooledUnder(node: OnnxNodeView, graph: OnnxGraphView): OnnxNodeView | null {
  const x = node.inputs[0] ?? '';
  const producer = graph.producer(x);
  return producer?.opType === 'GlobalAveragePool' && graph.consumers(x) === 1 ? producer : null;
}

function checkAxis1(node: OnnxNodeView): void {
  if (intAttribute(node, 'axis', 1) !== 1)
    throw new ValidationError('only Flatten with axis 1 (keep the batch dimension) is supported');
}

/** `Flatten(GlobalAveragePool(x))` (what global-avg-pool exports and PyTorch's `AdaptiveAvgPool2d(1)` + `Flatten` give). */
export const globalAvgPoolOnnxImport: OnnxLayerImport = {
  opTypes: ['Flatten', 'GlobalAveragePool'],
  match(node, graph): OnnxLayerMatch | null {
    if (node.opType === 'GlobalAveragePool') {
      throw new ValidationError('GlobalAveragePool keeps [N, C, 1, 1]; Rectify imports it followed by Flatten(axis 1)');
    }
    const pooled = pooledUnder(node, graph);
    if (!pooled) return null;
    checkAxis1(node);
    return { config: { type: 'global-avg-pool' }, input: pooled.inputs[0] ?? '' };
  },
};

/** `Flatten(axis 1)` inside the graph (one at the graph input is absorbed by the importer). */
export const flattenOnnxImport: OnnxLayerImport = {
  opTypes: ['Flatten'],
  match(node, graph): OnnxLayerMatch | null {
    if (pooledUnder(node, graph)) return null; // global-avg-pool's
    checkAxis1(node);
    return { config: { type: 'flatten' }, input: node.inputs[0] ?? '' };
  },
};
