import { escapeName, ModelFormatError, quoteName } from '@rectify/core';
import { AttributeType } from '../proto/constants';
import { type AttributeProto, int64, type NodeProto } from '../proto/types';

/** A node's label for error messages: `Gemm node "/0/Gemm"`; the file's op type and name are cut and escaped. */
export function nodeLabel(node: NodeProto): string {
  const name = node.name ?? '';
  return `${escapeName(node.op_type ?? '?')} node${name ? ` ${quoteName(name, 120)}` : ''}`;
}

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

function find(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}

/** A FLOAT attribute, or `fallback` when absent. */
export function floatAttr(node: NodeProto, name: string, fallback: number): number {
  const a = find(node, name);
  if (!a) return fallback;
  if (a.type !== undefined && a.type !== AttributeType.FLOAT) {
    throw new ModelFormatError(`/graph/node/${node.name ?? ''}`, `${nodeLabel(node)}: attribute ${name} must be a float`);
  }
  return finiteAttribute(node, name, a.f ?? 0);
}

/** `f` when it is a finite float32, else a ModelFormatError naming the node and the attribute. */
export function finiteAttribute(node: NodeProto, name: string, f: number): number {
  if (!(Math.abs(f) <= FLOAT32_MAX)) {
    throw new ModelFormatError(
      `/graph/node/${node.name ?? ''}`,
      `${nodeLabel(node)}: attribute ${name} is ${f}; attributes must be finite float32 numbers`,
    );
  }
  return f;
}

/** An INT attribute, or `fallback` when absent. */
export function intAttr(node: NodeProto, name: string, fallback: number): number {
  const a = find(node, name);
  if (!a) return fallback;
  if (a.type !== undefined && a.type !== AttributeType.INT) {
    throw new ModelFormatError(`/graph/node/${node.name ?? ''}`, `${nodeLabel(node)}: attribute ${name} must be an int`);
  }
  return int64(a.i);
}

/** The attribute itself (for `Constant`'s `value`). */
export function rawAttr(node: NodeProto, name: string): AttributeProto | undefined {
  return find(node, name);
}
