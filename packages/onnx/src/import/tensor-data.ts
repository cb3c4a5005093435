import { ModelFormatError } from '@rectify/core';
import { DataType } from '../proto/constants';
import { int64, type TensorProto } from '../proto/types';
import type { ResolvedOnnxLimits } from './limits';

/** A float tensor read from the file: dims and values (float64 sources are rounded to float32). */
export interface ConstTensor {
  readonly dims: readonly number[];
  readonly values: Float32Array;
}

/** Checks dims and returns the element count, before anything is allocated. */
export function checkedDims(raw: readonly unknown[] | undefined, path: string, limits: ResolvedOnnxLimits): number[] {
  const dims = (raw ?? []).map((d) => int64(d as number));
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new ModelFormatError(path, `dimension ${d} is not a non-negative integer`);
    count *= d;
    if (count > limits.maxTensorElements) {
      throw new ModelFormatError(
        path,
        `dims [${dims.join(', ')}] declare more than ${limits.maxTensorElements} elements (limit maxTensorElements); the file is corrupt or the model too large`,
      );
    }
  }
  return dims;
}

/** Integers a float32 holds exactly; an INT64 constant (pads, shapes) must stay within them. */
const EXACT_INT = 2 ** 24;

/** An INT64 tensor (pads, shapes) as float32, refusing values float32 cannot hold exactly. */
function readIntTensor(t: TensorProto, dims: number[], count: number, path: string): ConstTensor {
  const values = new Float32Array(count);
  const raw = t.raw_data;
  const stored = t.int64_data ?? [];
  if (raw && raw.length > 0 ? raw.length !== count * 8 : stored.length !== count) {
    throw new ModelFormatError(
      path,
      `the stored int64 data does not match dims [${dims.join(', ')}]; the file is truncated or corrupt`,
    );
  }
  const view = raw && raw.length > 0 ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : null;
  for (let i = 0; i < count; i++) {
    const v = view ? Number(view.getBigInt64(i * 8, true)) : int64(stored[i]);
    if (!(Math.abs(v) <= EXACT_INT)) {
      throw new ModelFormatError(path, `int64 element ${i} is ${v}; integer constants (pads, shapes) must lie within ±2^24`);
    }
    values[i] = v;
  }
  return { dims, values };
}

/**
 * Reads a FLOAT or DOUBLE tensor (or an INT64 one of small integers: pads, shapes), checking that its stored data
 * matches its dims exactly.
 */
export function readFloatTensor(t: TensorProto, path: string, limits: ResolvedOnnxLimits): ConstTensor {
  if (t.data_location === 1) throw new ModelFormatError(path, 'external data is not supported; keep the weights inside the file');
  const dims = checkedDims(t.dims, path, limits);
  const count = dims.reduce((a, b) => a * b, 1);
  const type = t.data_type ?? 0;
  if (type === DataType.INT64) return readIntTensor(t, dims, count, path);
  if (type !== DataType.FLOAT && type !== DataType.DOUBLE) {
    throw new ModelFormatError(
      path,
      `data_type ${type} is not supported; weights must be float32 (1) or float64 (11), integer constants int64 (7)`,
    );
  }
  const width = type === DataType.FLOAT ? 4 : 8;
  const raw = t.raw_data;
  const values = new Float32Array(count);
  if (raw && raw.length > 0) {
    if (raw.length !== count * width) {
      throw new ModelFormatError(
        path,
        `raw_data has ${raw.length} bytes but dims [${dims.join(', ')}] need ${count * width}; the file is truncated or corrupt`,
      );
    }
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) values[i] = width === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
    return { dims, values: checkFinite(values, raw, width, path) };
  }
  const stored = type === DataType.FLOAT ? (t.float_data ?? []) : (t.double_data ?? []);
  if (stored.length !== count) {
    throw new ModelFormatError(path, `stores ${stored.length} values but dims [${dims.join(', ')}] need ${count}`);
  }
  for (let i = 0; i < count; i++) values[i] = stored[i];
  return { dims, values: checkFinite(values, stored, 0, path) };
}

/**
 * Weights enter a model only as finite float32 numbers, as model JSON weights do: NaN, ±Infinity and float64
 * values beyond the float32 range (which round to ±Infinity) are refused, naming the first one.
 */
function checkFinite(values: Float32Array, source: Uint8Array | ArrayLike<number>, width: number, path: string): Float32Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v === 0) continue;
    const original =
      width === 0
        ? (source as ArrayLike<number>)[i]
        : new DataView((source as Uint8Array).buffer, (source as Uint8Array).byteOffset).getFloat64(i * 8, true);
    const shown = width === 4 ? v : original;
    throw new ModelFormatError(
      path,
      `element ${i} is ${shown}; weights must be finite float32 numbers (NaN, Infinity and values beyond ±3.4e38 are refused)`,
    );
  }
  return values;
}
