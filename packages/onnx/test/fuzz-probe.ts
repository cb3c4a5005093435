/**
 * Property-based fuzzing of `importOnnx`, run by `src/import/fuzz.test.ts` in a child process with a capped heap:
 * random mutations of valid ONNX files (byte edits, and field edits re-encoded through the codec) always give a
 * valid model or a RectifyError, each case within a time budget. `tsx test/fuzz-probe.ts <case>`.
 */
import { readFileSync } from 'node:fs';
import { RectifyError } from '@rectify/core';
import fc from 'fast-check';
import { probeMain } from '../../core/test/support/bounded-run';
import { expectCleanOutcome, replaceAt, treePaths } from '../../core/test/support/tree-edits';
import { decodeOnnx } from '../src/import/decode';
import { importOnnx } from '../src/import/import-onnx';
import { encodeMessage } from '../src/proto/writer';
import { fullRegistry } from './helpers';

const registry = fullRegistry();
const fixtures = ['residual.onnx', 'prelu-per-channel.onnx', 'flatten.onnx', 'exported/all-activations.onnx'].map(
  (f) => new Uint8Array(readFileSync(new URL(`../fixtures/${f}`, import.meta.url))),
);

function importsCleanly(bytes: Uint8Array): void {
  expectCleanOutcome(
    () => importOnnx(bytes, { registry }),
    (e) => e instanceof RectifyError,
  );
}

const hostileNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 40, -(2 ** 40), 1e300, 65536, 4096),
  fc.integer({ min: -3, max: 100 }),
);
const hostileValue = fc.oneof(
  hostileNumber,
  fc.string({ maxLength: 12 }),
  fc.constantFrom('Relu', 'Add', 'Gemm', 'MatMul', 'Flatten', 'PRelu', 'Softmax', '', 'input', 'output', '<x>\u0000'),
  fc.array(hostileNumber, { maxLength: 6 }),
  fc.uint8Array({ maxLength: 32 }),
);

function fuzz(runs: number): void {
  const decoded = fixtures.map((bytes) => decodeOnnx(bytes));
  const byteEdit = fc
    .tuple(fc.nat({ max: fixtures.length - 1 }), fc.nat(), fc.nat({ max: 16 }), fc.uint8Array({ maxLength: 8 }))
    .map(([f, at, cut, insert]) => {
      const src = fixtures[f];
      const i = at % (src.length + 1);
      const out = new Uint8Array(src.length - Math.min(cut, src.length - i) + insert.length);
      out.set(src.subarray(0, i));
      out.set(insert, i);
      out.set(src.subarray(Math.min(src.length, i + cut)), i + insert.length);
      return out;
    });
  const fieldEdit = fc.tuple(fc.nat({ max: fixtures.length - 1 }), fc.nat(), hostileValue).map(([f, pick, value]) => {
    const all = treePaths(decoded[f], 4);
    const edited = replaceAt(decoded[f], all[pick % all.length], value) as Record<string, unknown>;
    try {
      return encodeMessage('ModelProto', edited);
    } catch {
      return fixtures[f]; // a value of the wrong type for its field cannot be written: nothing to test
    }
  });
  for (const f of fixtures) importsCleanly(f);
  fc.assert(fc.property(fc.oneof(byteEdit, fieldEdit), importsCleanly), { numRuns: runs, seed: 20261204 });
}

probeMain({ 'fuzz-onnx': { prepare: () => null, run: () => fuzz(2000) } });
