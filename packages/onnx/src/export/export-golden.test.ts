import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { activation, dense, residual, type Sequential, sequential } from '@rectify/core';
import { elu } from '@rectify/elu';
import { leakyRelu } from '@rectify/leaky-relu';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { fullRegistry } from '../../test/helpers';
import { exportOnnx } from './export-onnx';

/**
 * Golden exports: fixtures/exported/*.onnx were written by this exporter (RECTIFY_WRITE_ONNX_GOLDEN=1 npx vitest run
 * src/export/export-golden) and then checked by ONNX's own checker with full shape inference
 * (`/usr/bin/python3 fixtures/check-exports.py`). Byte equality here ties today's exporter to files the reference
 * checker accepted. Weights come from a fixed formula, not from core's initializers.
 */
const registry = fullRegistry();

function fillParams(model: Sequential): Sequential {
  model.paramRefs().forEach(({ param }, k) => {
    for (let i = 0; i < param.value.length; i++) param.value[i] = 0.5 * Math.sin(i * 12.9898 + k * 78.233);
  });
  return model;
}

const models: Record<string, () => Uint8Array> = {
  'all-activations': () =>
    exportOnnx(
      fillParams(
        sequential({
          inputShape: [4],
          registry,
          layers: [
            dense(6),
            activation(relu),
            dense(6),
            activation(relu({ cap: 6 })),
            dense(6),
            activation(leakyRelu({ negativeSlope: 0.1 })),
            dense(6),
            activation(prelu),
            dense(6),
            activation(prelu({ numParameters: 6 })),
            dense(6),
            activation(elu({ alpha: 0.5 })),
            dense(6),
            activation('sigmoid'),
            dense(6),
            activation('tanh'),
            dense(3),
            activation('identity'),
          ],
        }),
      ),
      { softmax: true },
    ),
  residual: () =>
    exportOnnx(
      fillParams(
        sequential({
          inputShape: [3],
          registry,
          layers: [dense(5), residual([dense(5), activation(relu), dense(5)]), residual([dense(2), activation(elu)]), dense(2)],
        }),
      ),
      { producerName: 'golden' },
    ),
};

describe('golden exports accepted by the ONNX checker', () => {
  it.each(Object.keys(models))('%s', (name) => {
    const bytes = models[name]();
    const file = new URL(`../../fixtures/exported/${name}.onnx`, import.meta.url);
    if (process.env.RECTIFY_WRITE_ONNX_GOLDEN === '1') writeFileSync(file, bytes);
    expect(existsSync(file)).toBe(true);
    expect(Buffer.from(bytes).equals(readFileSync(file))).toBe(true);
  });
});
