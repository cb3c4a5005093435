import { type FieldDescriptor, isMessageName, ONNX_MESSAGES, type OnnxMessageName } from './schema';

const utf8 = new TextEncoder();

/** Per message: its fields sorted by number, the order protobuf encoders write them in. */
const FIELDS_IN_ORDER = new Map<string, [string, FieldDescriptor][]>(
  Object.entries(ONNX_MESSAGES).map(([type, { fields }]) => [
    type,
    (Object.entries(fields) as [string, FieldDescriptor][]).sort((a, b) => a[1].id - b[1].id),
  ]),
);

/** A growable byte buffer with the protobuf primitives. */
class ByteSink {
  bytes = new Uint8Array(256);
  length = 0;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  raw(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  /** A varint; negative integers as 10-byte two's complement, as protobuf writes int32 and int64. */
  varint(value: number): void {
    this.reserve(10);
    if (value < 0) {
      let v = BigInt.asUintN(64, BigInt(value));
      while (v >= 0x80n) {
        this.bytes[this.length++] = Number(v & 0x7fn) | 0x80;
        v >>= 7n;
      }
      this.bytes[this.length++] = Number(v);
      return;
    }
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
  }

  fixed(type: string, value: number): void {
    const width = type === 'float' || type === 'fixed32' ? 4 : 8;
    if (type === 'float') this.scratch.setFloat32(0, value, true);
    else if (type === 'double') this.scratch.setFloat64(0, value, true);
    else if (type === 'fixed32') this.scratch.setUint32(0, value, true);
    else {
      this.scratch.setUint32(0, value % 0x100000000, true);
      this.scratch.setUint32(4, Math.floor(value / 0x100000000), true);
    }
    this.raw(new Uint8Array(this.scratch.buffer, 0, width));
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

function isFixed(type: string): boolean {
  return type === 'float' || type === 'double' || type === 'fixed32' || type === 'fixed64';
}

function writeScalar(sink: ByteSink, type: string, value: number): void {
  if (isFixed(type)) sink.fixed(type, value);
  else sink.varint(Math.trunc(value));
}

function tag(sink: ByteSink, field: FieldDescriptor, wire: number): void {
  sink.varint(field.id * 8 + wire);
}

function writeOne(sink: ByteSink, field: FieldDescriptor, value: unknown): void {
  const type = field.type;
  if (isMessageName(type)) {
    tag(sink, field, 2);
    const body = encodeMessage(type, value as Record<string, unknown>);
    sink.varint(body.length);
    sink.raw(body);
  } else if (type === 'string' || type === 'bytes') {
    const data = type === 'string' ? utf8.encode(String(value)) : (value as Uint8Array);
    tag(sink, field, 2);
    sink.varint(data.length);
    sink.raw(data);
  } else {
    tag(sink, field, type === 'float' || type === 'fixed32' ? 5 : isFixed(type) ? 1 : 0);
    writeScalar(sink, type, value as number);
  }
}

/**
 * Whether a single scalar is its type's default (`0`, `''`, empty bytes; `-0` is not), which is left out, as
 * protobufjs left it out: exported files stay byte-identical to the goldens, and readers give the same default.
 */
function isDefaultScalar(type: string, value: unknown): boolean {
  if (isMessageName(type)) return false;
  if (type === 'string') return value === '';
  if (type === 'bytes') return (value as Uint8Array).length === 0;
  return Object.is(value, 0);
}

/**
 * Encodes a plain object as a message of the ONNX subset (`schema.ts`) in the proto2 wire format, from the schema
 * table alone (no generated code, so it runs under a `script-src 'self'` Content Security Policy). Fields are
 * written in field-number order, absent (`undefined`/`null`) fields, default scalars and empty lists are left out,
 * and every list of
 * numbers is packed (as protobufjs wrote them, so exported files stay byte-identical to the checked goldens; proto2
 * readers accept packed and unpacked lists alike).
 */
export function encodeMessage(type: OnnxMessageName, message: Readonly<Record<string, unknown>>): Uint8Array {
  const sink = new ByteSink();
  for (const [name, field] of FIELDS_IN_ORDER.get(type) as [string, FieldDescriptor][]) {
    const value = message[name];
    if (value === undefined || value === null) continue;
    if (field.rule !== 'repeated') {
      if (!isDefaultScalar(field.type, value)) writeOne(sink, field, value);
      continue;
    }
    const list = value as ArrayLike<unknown>;
    if (list.length === 0) continue;
    if (!isMessageName(field.type) && field.type !== 'string' && field.type !== 'bytes') {
      const body = new ByteSink();
      for (let i = 0; i < list.length; i++) writeScalar(body, field.type, list[i] as number);
      tag(sink, field, 2);
      sink.varint(body.length);
      sink.raw(body.bytes.subarray(0, body.length));
    } else {
      for (let i = 0; i < list.length; i++) writeOne(sink, field, list[i]);
    }
  }
  return sink.finish();
}
