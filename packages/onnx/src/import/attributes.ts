import { ModelFormatError } from '@rectify/core';
import { AttributeType } from '../proto/constants';
import { type AttributeProto, int64, type NodeProto } from '../proto/types';

/** A node's label for error messages: `Gemm node "/0/Gemm"`. */
export function nodeLabel(node: NodeProto): string {
  const name = (node.name ?? '').slice(0, 120);
  return `${node.op_type ?? '?'} node${name ? ` "${name}"` : ''}`;
}

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
  return a.f ?? 0;
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
