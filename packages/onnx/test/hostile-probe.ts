/**
 * Probe cases for `src/import/memory.test.ts`, each run in a child process with a capped heap (see
 * `packages/core/test/support/bounded-run.ts`): `tsx hostile-probe.ts <case>` prints one JSON result line.
 */
import { readFileSync } from 'node:fs';
import { probeMain } from '../../core/test/support/bounded-run';
import { exportOnnx } from '../src/export/export-onnx';
import { importOnnx } from '../src/import/import-onnx';
import { fullRegistry } from './helpers';
import { varint } from './wire';

/** Copies `parts` into one array (the hostile files are tens of MiB; spreading number arrays would not do). */
function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function field(id: number, body: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...varint(id * 8 + 2), ...varint(body.length)]), body]);
}

/**
 * 4096 Relu nodes, each with 64 STRINGS attributes of 64 empty strings: within every per-message count, but 16.7
 * million decoded strings (36 MiB of file). Before the file-wide budget it took 14 s and 1.7 GB.
 */
function manyEmptyStrings(): Uint8Array {
  const attribute = concat([
    Uint8Array.of(0x0a, 0x01, 0x61, 0xa0, 0x01, 0x08), // name "a", type STRINGS (8)
    new Uint8Array(128).map((_, i) => (i % 2 === 0 ? 0x4a : 0x00)), // 64 × strings: ""
  ]);
  const attrField = field(5, attribute);
  const head = Uint8Array.of(0x0a, 0x01, 0x78, 0x12, 0x01, 0x78, 0x22, 0x04, 0x52, 0x65, 0x6c, 0x75); // x -> x, Relu
  const node = field(1, concat([head, ...Array.from({ length: 64 }, () => attrField)]));
  // Written once into the final buffer: a transient copy would raise the peak RSS the probe measures.
  const prefix = concat([Uint8Array.of(0x08, 0x08), field(8, Uint8Array.of(0x10, 0x11))]);
  const graphHead = Uint8Array.from([...varint(7 * 8 + 2), ...varint(4096 * node.length)]);
  const out = new Uint8Array(prefix.length + graphHead.length + 4096 * node.length);
  out.set(prefix, 0);
  out.set(graphHead, prefix.length);
  for (let i = 0, at = prefix.length + graphHead.length; i < 4096; i++, at += node.length) out.set(node, at);
  return out;
}

const registry = fullRegistry();
const residualFixture = new URL('../fixtures/residual.onnx', import.meta.url);

probeMain({
  'many-empty-strings': { prepare: manyEmptyStrings, run: (bytes) => importOnnx(bytes as Uint8Array, { registry }) },
  'import-export-without-code-generation': {
    prepare: () => new Uint8Array(readFileSync(residualFixture)),
    run: (bytes) => {
      const model = importOnnx(bytes as Uint8Array, { registry });
      const again = importOnnx(exportOnnx(model), { registry });
      if (again.paramRefs().length !== model.paramRefs().length) throw new Error('the round trip lost parameters');
    },
  },
});
