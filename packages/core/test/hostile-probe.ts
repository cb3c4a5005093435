/**
 * Probe cases for `src/serialization/memory.test.ts`, each run in a child process with a capped heap (see
 * `test/support/bounded-run.ts`): `tsx test/hostile-probe.ts <case>` prints one JSON result line.
 */
import { createDefaultRegistry } from '../src/defaults';
import { dense } from '../src/builtin-layers';
import { sequential } from '../src/model/sequential';
import { loadModel } from '../src/serialization/load';
import { testPrelu } from '../src/serialization/test-activations';
import { probeMain } from './support/bounded-run';

const registry = createDefaultRegistry().registerActivation(testPrelu);

/** A flat one-byte string of `head`, `count` copies of `unit` (the last without `sep`), and `tail`. */
function repeated(head: string, unit: string, sep: string, count: number, tail: string): string {
  const item = Buffer.from(unit + sep, 'latin1');
  const buf = Buffer.alloc(head.length + count * item.length - sep.length + tail.length);
  let at = buf.write(head, 0, 'latin1');
  for (let i = 0; i < count; i++) at += item.copy(buf, at, 0, i === count - 1 ? unit.length : item.length);
  buf.write(tail, at, 'latin1');
  return buf.toString('latin1');
}

/** A model document without its closing brace. */
const docHead = (layers: string) =>
  `{"format":"rectify-model","formatVersion":1,"inputShape":[2],"seed":0,"activations":{},"weights":{},"layers":${layers}`;

probeMain({
  // A 1 KB document of 8 PReLU-like layers, each asking for 2^24 learnable slopes (1 GiB with gradients).
  'learnable-slopes-without-weights': {
    prepare: () =>
      JSON.stringify({
        format: 'rectify-model',
        formatVersion: 1,
        inputShape: [2 ** 24],
        seed: 0,
        layers: Array.from({ length: 8 }, () => ({
          type: 'activation',
          activation: { name: 'test-prelu', version: '0.4.0', hyper: { channels: 2 ** 24 } },
        })),
        activations: { 'test-prelu': '0.4.0' },
        weights: {},
      }),
    run: (text) => loadModel(text as string, { registry }),
  },
  // One residual block whose body is a million cheap activation layers (55 MB of text).
  'residual-body-of-a-million-layers': {
    prepare: () =>
      repeated(
        `${docHead('[{"type":"residual","layers":[')}`,
        '{"type":"activation","activation":{"name":"tanh"}}',
        ',',
        1_000_000,
        ']}]}',
      ),
    run: (text) => loadModel(text as string, { registry }),
  },
  // 100 MB of empty objects under a key the schema does not know.
  'empty-objects-under-an-unknown-key': {
    prepare: () => repeated(`${docHead('[]')},"junk":[`, '{}', ',', 33_000_000, ']}'),
    run: (text) => loadModel(text as string, { registry }),
  },
  // 100 MB of zeros: 50 million numbers.
  'fifty-million-zeros': {
    prepare: () => repeated(`${docHead('[]')},"junk":[`, '0', ',', 50_000_000, ']}'),
    run: (text) => loadModel(text as string, { registry }),
  },
  // Through the API: a dense layer of 10^5 units on 10^5 inputs (10^10 parameters).
  'api-dense-100000': {
    prepare: () => null,
    run: () => sequential({ inputShape: [100_000], layers: [dense(100_000)] }),
  },
});
