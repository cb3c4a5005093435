import { ModelFormatError } from '@rectify/core';
import { type FieldDescriptor, isMessageName, ONNX_MESSAGES, type OnnxMessageName as TypeName } from '../proto/schema';
import type { ResolvedOnnxLimits } from './limits';

const SCALAR_WIDTH: Readonly<Record<string, number>> = { float: 4, double: 8, fixed32: 4, fixed64: 8 };
const VARINT_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool']);
/** String fields holding names (bounded by `maxNameBytes`); free text such as doc strings is not. */
const NAME_FIELDS = new Set(['name', 'op_type', 'domain', 'input', 'output', 'dim_param', 'key']);
/** Fields of onnx.proto outside the subset whose presence changes what a model means: refused, not skipped. */
const REFUSED: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  GraphProto: { 15: 'sparse initializers (GraphProto.sparse_initializer) are not supported; store dense initializers' },
  TensorProto: { 13: 'tensors with external data are not supported; save the model with its weights inside the file' },
};

const byId = new Map<string, Map<number, [string, FieldDescriptor]>>();
for (const [typeName, type] of Object.entries(ONNX_MESSAGES)) {
  const fields = new Map<number, [string, FieldDescriptor]>();
  for (const [name, f] of Object.entries(type.fields)) fields.set((f as FieldDescriptor).id, [name, f as FieldDescriptor]);
  byId.set(typeName, fields);
}

/**
 * Walks the protobuf wire format of an ONNX model without decoding it, and rejects what would make decoding costly
 * or meaningless: truncation, protobuf groups, absurd item counts, long names, too many stored numbers, and fields
 * that the subset does not read but that change a model's meaning. Nesting is bounded by the subset's schema (no
 * message of it contains itself), so deep nesting in unread fields (subgraphs) is skipped, never recursed into.
 */
export class WireScanner {
  private readonly bytes: Uint8Array;
  private readonly limits: ResolvedOnnxLimits;
  private totalElements = 0;
  private decodedItems = 0;
  private pos = 0;

  constructor(bytes: Uint8Array, limits: ResolvedOnnxLimits) {
    this.bytes = bytes;
    this.limits = limits;
  }

  /** Scans the whole buffer as a `ModelProto`; throws a ModelFormatError naming the problem. */
  scan(): void {
    this.message('ModelProto', 0, this.bytes.length, '');
  }

  private fail(path: string, problem: string): never {
    throw new ModelFormatError(path, `not a usable ONNX model: ${problem}`);
  }

  private varint(end: number, path: string): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) this.fail(path, 'the file ends inside a number (truncated?)');
      const byte = this.bytes[this.pos++];
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    this.fail(path, 'a number is longer than 10 bytes');
  }

  private limitFor(type: TypeName, field: string): [number, keyof ResolvedOnnxLimits] {
    const l = this.limits;
    if (type === 'GraphProto') return field === 'node' ? [l.maxNodes, 'maxNodes'] : [l.maxInitializers, 'maxInitializers'];
    if (type === 'TensorProto' && field !== 'dims') return [l.maxTensorElements, 'maxTensorElements'];
    if (type === 'ModelProto') return [l.maxInitializers, 'maxInitializers'];
    return [l.maxFieldItems, 'maxFieldItems'];
  }

  private count(type: TypeName, counts: Map<number, number>, id: number, field: string, items: number, where: string): void {
    const n = (counts.get(id) ?? 0) + items;
    counts.set(id, n);
    const [limit, key] = this.limitFor(type, field);
    if (n > limit) this.fail(where, `more than ${limit} ${field} items in one ${type} (limit ${key})`);
  }

  private addElements(n: number, path: string): void {
    this.totalElements += n;
    if (this.totalElements > this.limits.maxTotalElements) {
      this.fail(path, `the file stores more than ${this.limits.maxTotalElements} numbers (limit maxTotalElements)`);
    }
  }

  /** One object, string or bytes item the decoder will create, counted against the file-wide budget. */
  private addDecoded(path: string): void {
    if (++this.decodedItems > this.limits.maxDecodedItems) {
      this.fail(
        path,
        `the file holds more than ${this.limits.maxDecodedItems} messages, strings and list items (limit maxDecodedItems)`,
      );
    }
  }

  private message(type: TypeName, start: number, end: number, path: string): void {
    this.addDecoded(path);
    const fields = byId.get(type) as Map<number, [string, FieldDescriptor]>;
    const counts = new Map<number, number>();
    this.pos = start;
    while (this.pos < end) {
      const tag = this.varint(end, path);
      const id = Math.floor(tag / 8);
      const wire = tag % 8;
      if (id === 0) this.fail(path, 'field number 0 (corrupt bytes?)');
      const known = fields.get(id);
      const refused = REFUSED[type]?.[id];
      const where = `${path}/${known ? known[0] : `field${id}`}`;
      if (refused) this.fail(where, refused);
      if (known?.[1].rule === 'repeated' && wire !== 2) {
        this.count(type, counts, id, known[0], 1, where);
        this.addElements(1, where);
      }
      switch (wire) {
        case 0:
          this.varint(end, where);
          break;
        case 1:
        case 5:
          this.pos += wire === 1 ? 8 : 4;
          if (this.pos > end) this.fail(where, 'the file ends inside a fixed-width number (truncated?)');
          break;
        case 2: {
          const len = this.varint(end, where);
          const from = this.pos;
          if (len > end - from) this.fail(where, `a field declares ${len} bytes but only ${end - from} remain (truncated?)`);
          if (known) this.lengthDelimited(type, id, known, counts, from, from + len, where);
          this.pos = from + len;
          break;
        }
        default:
          this.fail(where, `wire type ${wire} (protobuf groups) does not occur in ONNX files (corrupt bytes?)`);
      }
    }
    if (this.pos !== end) this.fail(path, 'a field runs past the end of its message');
  }

  private lengthDelimited(
    type: TypeName,
    id: number,
    [name, field]: [string, FieldDescriptor],
    counts: Map<number, number>,
    from: number,
    to: number,
    where: string,
  ): void {
    const width = SCALAR_WIDTH[field.type];
    const packed = field.rule === 'repeated' && (width !== undefined || VARINT_TYPES.has(field.type));
    let items = 1;
    if (packed) {
      if (width !== undefined) {
        if ((to - from) % width !== 0)
          this.fail(where, `packed ${field.type} data of ${to - from} bytes is not a multiple of ${width}`);
        items = (to - from) / width;
      } else {
        items = 0;
        for (let i = from; i < to; i++) if (this.bytes[i] < 0x80) items++;
      }
      this.addElements(items, where);
    }
    if (field.rule === 'repeated') this.count(type, counts, id, name, items, where);
    if (field.type === 'string' || field.type === 'bytes') this.addDecoded(where);
    if (field.type === 'string' && NAME_FIELDS.has(name) && to - from > this.limits.maxNameBytes) {
      this.fail(where, `a name of ${to - from} bytes is longer than ${this.limits.maxNameBytes} (limit maxNameBytes)`);
    }
    if (isMessageName(field.type)) {
      this.message(field.type, from, to, where);
    }
  }
}
