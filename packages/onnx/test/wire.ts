/** Minimal protobuf wire writer for building hostile files by hand (fields the ONNX subset schema does not have). */

/** A varint. */
export function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** A length-delimited field (wire type 2). */
export function bytesField(id: number, payload: ArrayLike<number>): number[] {
  return [...varint(id * 8 + 2), ...varint(payload.length), ...Array.from(payload)];
}

/** A varint field (wire type 0). */
export function intField(id: number, value: number): number[] {
  return [...varint(id * 8), ...varint(value)];
}

/** A UTF-8 string field. */
export function stringField(id: number, text: string): number[] {
  return bytesField(id, new TextEncoder().encode(text));
}

/** A ModelProto with ir_version 8, opset 17 and the given GraphProto bytes. */
export function modelWithGraph(graph: ArrayLike<number>): Uint8Array {
  return Uint8Array.from([
    ...intField(1, 8),
    ...bytesField(8, [...stringField(1, ''), ...intField(2, 17)]),
    ...bytesField(7, graph),
  ]);
}
