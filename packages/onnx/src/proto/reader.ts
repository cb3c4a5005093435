import { ModelFormatError } from '@rectify/core';
import { type FieldDescriptor, isMessageName, ONNX_MESSAGES, type OnnxMessageName } from './schema';

type Decoded = Record<string, unknown>;

const FIXED_WIDTH: Readonly<Record<string, number>> = { float: 4, double: 8, fixed32: 4, fixed64: 8 };
const utf8 = new TextDecoder('utf-8');

/** Per message: its fields by number, built once from the schema table. */
const FIELDS_BY_ID = new Map<string, Map<number, [string, FieldDescriptor]>>(
  Object.entries(ONNX_MESSAGES).map(([type, { fields }]) => [
    type,
    new Map(Object.entries(fields).map(([name, f]) => [(f as FieldDescriptor).id, [name, f as FieldDescriptor]])),
  ]),
);

/** The list `out[name]`, created empty the first time. */
function listOf(out: Decoded, name: string): unknown[] {
  if (out[name] === undefined) out[name] = [];
  return out[name] as unknown[];
}

/** The protobuf wire type a scalar or message field is written with when it is not packed. */
function wireTypeOf(type: string): number {
  if (type === 'float' || type === 'fixed32') return 5;
  if (type === 'double' || type === 'fixed64') return 1;
  if (type === 'string' || type === 'bytes' || isMessageName(type)) return 2;
  return 0;
}

/**
 * Reads the proto2 wire format of the ONNX subset (`schema.ts`) into plain objects, driven by the schema table: no
 * code is generated or evaluated, so it runs under a `script-src 'self'` Content Security Policy. Fields outside
 * the subset are skipped; `bytes` fields are views of the input, not copies. It bounds nothing by itself: callers
 * run {@link WireScanner} first, which counts every object, item and number this reader will create against the
 * file's budget. Malformed bytes throw a ModelFormatError.
 */
export class ProtoReader {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private pos = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Decodes the whole buffer as a message of type `type`. */
  read(type: OnnxMessageName): Decoded {
    return this.message(type, this.bytes.length);
  }

  private fail(problem: string): never {
    throw new ModelFormatError('', `not a valid ONNX protobuf: ${problem} (at byte ${this.pos})`);
  }

  /** A varint as a float64: exact below 2^53; 10-byte negatives (two's complement) come out negative. */
  private varint(end: number): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) this.fail('the data ends inside a number');
      const byte = this.bytes[this.pos++];
      if (shift < 28) lo |= (byte & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (byte & 0x0f) << 28;
        hi |= (byte & 0x7f) >>> 4;
      } else hi |= (byte & 0x7f) << (shift - 32);
      if (byte < 0x80) return (hi | 0) * 0x100000000 + (lo >>> 0);
      shift += 7;
    }
    this.fail('a number is longer than 10 bytes');
  }

  private scalar(type: string, end: number): number {
    const width = FIXED_WIDTH[type];
    if (width === undefined) {
      const v = this.varint(end);
      // int32 fields hold the low 32 bits, sign-extended, as protobuf specifies.
      return type === 'int32' ? (((v % 0x100000000) + 0x100000000) % 0x100000000) | 0 : v;
    }
    if (this.pos + width > end) this.fail('the data ends inside a fixed-width number');
    const at = this.pos;
    this.pos += width;
    if (type === 'float') return this.view.getFloat32(at, true);
    if (type === 'double') return this.view.getFloat64(at, true);
    if (type === 'fixed32') return this.view.getUint32(at, true);
    return this.view.getUint32(at, true) + this.view.getUint32(at + 4, true) * 0x100000000;
  }

  private skip(wire: number, end: number): void {
    if (wire === 0) this.varint(end);
    else if (wire === 1 || wire === 5) this.pos += wire === 1 ? 8 : 4;
    else if (wire === 2) {
      const len = this.length(end);
      this.pos += len;
    } else this.fail(`wire type ${wire} does not occur in ONNX files`);
    if (this.pos > end) this.fail('a field runs past the end of its message');
  }

  private length(end: number): number {
    const len = this.varint(end);
    if (len > end - this.pos) this.fail(`a field declares ${len} bytes but only ${end - this.pos} remain`);
    return len;
  }

  private message(type: OnnxMessageName, end: number): Decoded {
    const fields = FIELDS_BY_ID.get(type) as Map<number, [string, FieldDescriptor]>;
    const out: Decoded = {};
    while (this.pos < end) {
      const tag = this.varint(end);
      const wire = tag % 8;
      const known = fields.get(Math.floor(tag / 8));
      if (!known) {
        this.skip(wire, end);
        continue;
      }
      const [name, field] = known;
      const value = this.fieldValue(field, wire, end, out, name);
      if (value === undefined) continue;
      if (field.rule === 'repeated') listOf(out, name).push(value);
      else out[name] = value;
    }
    return out;
  }

  /** Reads one field's value; a packed list is appended to `out[name]` directly and gives undefined. */
  private fieldValue(field: FieldDescriptor, wire: number, end: number, out: Decoded, name: string): unknown {
    const expected = wireTypeOf(field.type);
    if (field.rule === 'repeated' && wire === 2 && expected !== 2) {
      const len = this.length(end);
      const stop = this.pos + len;
      const list = listOf(out, name);
      while (this.pos < stop) list.push(this.scalar(field.type, stop));
      return undefined;
    }
    if (wire !== expected) this.fail(`field ${name} has wire type ${wire}, expected ${expected}`);
    if (expected !== 2) return this.scalar(field.type, end);
    const len = this.length(end);
    const from = this.pos;
    this.pos += len;
    if (field.type === 'bytes') return this.bytes.subarray(from, from + len);
    if (field.type === 'string') return utf8.decode(this.bytes.subarray(from, from + len));
    this.pos = from;
    const value = this.message(field.type as OnnxMessageName, from + len);
    this.pos = from + len;
    return value;
  }
}
