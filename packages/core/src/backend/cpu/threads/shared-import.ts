/**
 * A copy of a compiled-to-be module's bytes whose memory import is declared `shared`. Rectify's kernel modules import
 * `env.memory` with limits `(min, max)`; the shared form differs in one byte (the limits flag 0x01 → 0x03), so one
 * generated module serves both the single-threaded path (a plain memory) and the thread pool (a shared memory).
 * @throws Error when the bytes have no memory import with a maximum (a generator bug, never user input).
 */
export function withSharedMemoryImport(bytes: Uint8Array): Uint8Array {
  let pos = 8; // magic and version
  const leb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  };
  const skipName = (): void => {
    const n = leb();
    pos += n;
  };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = leb();
    const end = pos + size;
    if (id === 2) {
      const count = leb();
      for (let i = 0; i < count; i++) {
        skipName();
        skipName();
        const kind = bytes[pos++];
        if (kind === 2 && bytes[pos] === 0x01) {
          const out = bytes.slice();
          out[pos] = 0x03;
          return out;
        }
        if (kind !== 2) throw new Error('withSharedMemoryImport: kernel modules import nothing but their memory');
      }
    }
    pos = end;
  }
  throw new Error('withSharedMemoryImport: the module has no memory import with a maximum');
}
