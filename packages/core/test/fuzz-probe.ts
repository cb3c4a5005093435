/**
 * Property-based fuzzing of `loadModel`, run by `src/serialization/fuzz.test.ts` in a child process with a capped
 * heap: random mutations of a valid model document (text edits and value replacements anywhere in the tree) always
 * give a valid model or a RectifyError, each case within a time budget. `tsx test/fuzz-probe.ts <case>`.
 */
import fc from 'fast-check';
import { createDefaultRegistry } from '../src/defaults';
import { RectifyError } from '../src/errors';
import { activation, dense, residual } from '../src/builtin-layers';
import { sequential } from '../src/model/sequential';
import { adam } from '../src/optimizers';
import { loadModel } from '../src/serialization/load';
import { testPrelu, testRelu } from '../src/serialization/test-activations';
import { serializeModel } from '../src/serialization/to-json';
import { tensor } from '../src/tensor';
import { probeMain } from './support/bounded-run';
import { expectCleanOutcome, replaceAt, treePaths } from './support/tree-edits';

const registry = createDefaultRegistry().registerActivation(testRelu).registerActivation(testPrelu);

function validText(): string {
  const model = sequential({
    inputShape: [3],
    seed: 7,
    registry,
    layers: [
      dense(4),
      activation(testRelu, { cap: 3 }),
      residual([dense(4), activation(testPrelu, { channels: 4 })]),
      activation('tanh'),
      dense(2),
    ],
  }).compile({ loss: 'softmax-cross-entropy', optimizer: adam() });
  return serializeModel(model);
}

/** Loads `text` and predicts: anything but a model or a RectifyError, or a case over budget, fails the property. */
function loadsCleanly(text: string): void {
  expectCleanOutcome(
    () => loadModel(text, { registry }).predict(tensor([[0.5, -1, 2]])),
    (e) => e instanceof RectifyError,
  );
}

const hostileNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -1, 1e39, -1e39, 2 ** 31, 2 ** 53, 1e9, 3.4e38, -0, 0.5, 1e-45),
  fc.integer({ min: -5, max: 1_000_000_000 }),
);
const hostileValue = fc.oneof(
  hostileNumber,
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('__proto__', 'constructor', 'dense', 'residual', 'activation', 'test-prelu', '99.0.0', '<b>\u0007'),
  fc.array(hostileNumber, { maxLength: 6 }),
);

function fuzz(runs: number): void {
  const text = validText();
  const doc = JSON.parse(text) as unknown;
  const allPaths = treePaths(doc, 8);
  const textEdit = fc
    .tuple(fc.nat({ max: text.length }), fc.nat({ max: 64 }), fc.string({ maxLength: 12 }))
    .map(([at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut));
  const valueEdit = fc
    .tuple(fc.constantFrom(...allPaths), hostileValue)
    .map(([path, value]) => JSON.stringify(replaceAt(doc, path, value)));
  const doubleEdit = fc
    .tuple(fc.constantFrom(...allPaths), hostileValue, fc.constantFrom(...allPaths), hostileValue)
    .map(([p1, v1, p2, v2]) => {
      try {
        return JSON.stringify(replaceAt(replaceAt(doc, p1, v1), p2, v2));
      } catch {
        return JSON.stringify(replaceAt(doc, p1, v1)); // the second path vanished with the first edit
      }
    });
  loadsCleanly(text);
  fc.assert(fc.property(fc.oneof(textEdit, valueEdit, doubleEdit), loadsCleanly), { numRuns: runs, seed: 20261204 });
}

probeMain({ 'fuzz-model-json': { prepare: () => null, run: () => fuzz(2000) } });
