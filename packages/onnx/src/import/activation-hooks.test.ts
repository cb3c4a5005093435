// An activation written outside Rectify's packages exports as several ONNX nodes and imports back through its own
// hooks: the importer and exporter know nothing of it. onnxruntime is the independent truth for the export.
import {
  type ActivationOnnxMatch,
  activation,
  createDefaultRegistry,
  defineActivation,
  dense,
  type OnnxGraphView,
  type OnnxNodeView,
  sequential,
} from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { maxRelDiff, randomInput, randomizeParams, runOrt } from '../../test/helpers';
import { exportOnnx } from '../export/export-onnx';
import { importOnnx } from './import-onnx';

/** `x · σ(βx)` read back from `Mul(x, Sigmoid(Mul(x, β)))` (either operand order), β a constant. */
function matchSwish(node: OnnxNodeView, graph: OnnxGraphView): ActivationOnnxMatch | null {
  for (const [x, s] of [node.inputs, [...node.inputs].reverse()] as const) {
    const sigmoid = graph.producer(s ?? '');
    if (sigmoid?.opType !== 'Sigmoid') continue;
    const scaled = graph.producer(sigmoid.inputs[0] ?? '');
    if (scaled?.opType !== 'Mul' || !scaled.inputs.includes(x ?? '')) continue;
    const beta = graph.constant(scaled.inputs.find((t) => t !== x) ?? '');
    if (!beta || graph.consumers(s ?? '') !== 1) continue;
    return { hyper: {}, learnable: { beta: beta.values }, input: x };
  }
  return null;
}

const swish = defineActivation({
  name: 'swish-test',
  apiVersion: 1,
  learnable: { beta: { size: () => 1, init: () => 1 } },
  scalar: {
    forward: function swishForward(x: number, beta: number): number {
      return x / (1 + Math.exp(-beta * x));
    },
    backward: function swishBackward(x: number, _y: number, dy: number, beta: number): number {
      const s = 1 / (1 + Math.exp(-beta * x));
      return dy * (s + beta * x * s * (1 - s));
    },
    paramGrads: {
      beta: function swishBetaGrad(x: number, _y: number, dy: number, beta: number): number {
        const s = 1 / (1 + Math.exp(-beta * x));
        return dy * x * x * s * (1 - s);
      },
    },
  },
  onnx: {
    export(_hyper, learnable, input, ctx) {
      const beta = ctx.initializer('beta', [1], learnable.beta!);
      const [scaled] = ctx.node({ opType: 'Mul', sinceVersion: 14, inputs: [input, beta] });
      const [gate] = ctx.node({ opType: 'Sigmoid', sinceVersion: 13, inputs: [scaled!] });
      return ctx.node({ opType: 'Mul', sinceVersion: 14, inputs: [input, gate!] })[0]!;
    },
    import: { opTypes: ['Mul'], match: matchSwish },
  },
});

describe('activation ONNX hooks', () => {
  const registry = createDefaultRegistry().registerActivation(swish);
  const model = sequential({ inputShape: [3], seed: 2, layers: [dense(4), activation(swish), dense(2)], registry });
  randomizeParams(model, 9);
  const x = randomInput(8, [3], 4);

  it('a multi-node export (Mul, Sigmoid, Mul with the learned β) runs in onnxruntime like the model', async () => {
    const bytes = exportOnnx(model);
    expect(maxRelDiff((await runOrt(bytes, x)).data, model.predict(x).data)).toBeLessThan(1e-5);
  });

  it('the import hook reads the three nodes back as one activation with the learned β', () => {
    const back = importOnnx(exportOnnx(model), { registry });
    expect(back.layers.map((l) => l.type)).toEqual(['dense', 'activation', 'dense']);
    expect(Array.from(back.layers[1]!.param('beta').value)).toEqual(Array.from(model.layers[1]!.param('beta').value));
    expect(Array.from(back.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });

  it('without the plugin, the import names Mul as what no registered plugin imports', () => {
    expect(() => importOnnx(exportOnnx(model), { registry: createDefaultRegistry() })).toThrow(/Mul.*registered plugin/);
  });
});
