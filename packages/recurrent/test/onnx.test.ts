import { readFileSync } from 'node:fs';
import {
  type Layer,
  ModelFormatError,
  type OnnxConstant,
  type OnnxGraphView,
  type OnnxNodeView,
  type Sequential,
  Tensor,
  ValidationError,
  createDefaultRegistry,
  createRng,
  dense,
  mse,
  sequential,
  sgd,
} from '@rectify/core';
import { elu } from '@rectify/elu';
import { ONNX_INPUT_NAME, ONNX_OUTPUT_NAME, exportOnnx, importOnnx, importOnnxWithReport } from '@rectify/onnx';
import { relu } from '@rectify/relu';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { identityInit, simpleRNN, simpleRnnLayerPlugin } from '../src';
import { maxRelError } from './rnn-case';

const registry = createDefaultRegistry().registerActivation(relu).registerActivation(elu).registerLayer(simpleRnnLayerPlugin);

function randomInput(n: number, steps: number, features: number, seed: number): Tensor {
  const rng = createRng(seed);
  return new Tensor(
    Float32Array.from({ length: n * steps * features }, () => rng.normal()),
    [n, steps, features],
  );
}

async function onnxruntime(bytes: Uint8Array, x: Tensor): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor('float32', Float32Array.from(x.data), [...x.shape]) });
    return Float32Array.from(out[ONNX_OUTPUT_NAME].data as Float32Array);
  } finally {
    await session.release();
  }
}

/** A model trained a few steps, so the bias and kernels are away from their initial values. */
function trainedModel(layers: Layer[], steps: number, features: number): Sequential {
  const m = sequential({ inputShape: [steps, features], seed: 3, layers, registry });
  m.compile({ loss: mse(), optimizer: sgd({ learningRate: 0.05 }) });
  const x = randomInput(8, steps, features, 5);
  const y = new Tensor(
    Float32Array.from({ length: 8 * m.outputShape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i)),
    [8, ...m.outputShape],
  );
  for (let s = 0; s < 5; s++) m.trainBatch(x, y);
  return m;
}

const exported: { name: string; layers: () => Layer[] }[] = [
  {
    name: 'IRNN (relu), last state, dense head',
    layers: () => [simpleRNN(6, { activation: relu, recurrentInitializer: identityInit() }), dense(2)],
  },
  { name: 'tanh, whole sequence', layers: () => [simpleRNN(5, { returnSequences: true })] },
  {
    name: 'relu sequence into a tanh cell',
    layers: () => [simpleRNN(4, { activation: 'relu', returnSequences: true }), simpleRNN(3), dense(1)],
  },
];

describe('simple-rnn ONNX export: onnxruntime computes what Rectify computes', () => {
  for (const c of exported) {
    it(c.name, async () => {
      const m = trainedModel(c.layers(), 9, 3);
      const x = randomInput(4, 9, 3, 11);
      const ours = m.predict(x).data;
      const theirs = await onnxruntime(exportOnnx(m), x);
      expect(theirs.length).toBe(ours.length);
      expect(maxRelError(theirs, ours)).toBeLessThan(1e-5);
    });
  }

  it('an activation the RNN operator has no match for is refused, naming the layer and the fix', () => {
    const m = sequential({ inputShape: [3, 2], seed: 1, layers: [simpleRNN(3, { activation: elu })], registry });
    expect(() => exportOnnx(m)).toThrow(ValidationError);
    expect(() => exportOnnx(m)).toThrow(/simple-rnn\(3, elu\).*relu \(uncapped\) or tanh/);
    const capped = sequential({
      inputShape: [3, 2],
      seed: 1,
      layers: [simpleRNN(3, { activation: relu({ cap: 6 }) })],
      registry,
    });
    expect(() => exportOnnx(capped)).toThrow(/relu \(uncapped\) or tanh/);
  });
});

describe('simple-rnn ONNX import', () => {
  for (const c of exported) {
    it(`round trip: ${c.name} imports with the same predictions and config`, () => {
      const m = trainedModel(c.layers(), 6, 2);
      const back = importOnnx(exportOnnx(m), { registry });
      const x = randomInput(3, 6, 2, 12);
      expect(maxRelError(back.predict(x).data, m.predict(x).data)).toBeLessThan(1e-6);
      const rnnConfigs = (mm: Sequential) => mm.layers.filter((l) => l.type === 'simple-rnn').map((l) => l.config());
      expect(rnnConfigs(back).map((cfg) => [cfg.units, cfg.returnSequences, (cfg.activation as { name: string }).name])).toEqual(
        rnnConfigs(m).map((cfg) => [cfg.units, cfg.returnSequences, (cfg.activation as { name: string }).name]),
      );
    });
  }

  const here = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
  const torchBytes = new Uint8Array(readFileSync(here('torch-rnn-relu.onnx')));
  const torch = JSON.parse(readFileSync(here('torch-rnn-relu.json'), 'utf8')) as {
    N: number;
    T: number;
    F: number;
    H: number;
    out: number;
    x: number[];
    y: number[];
  };

  it("torch.onnx.export of nn.RNN(nonlinearity='relu', batch_first=True) + Linear predicts what torch predicted", () => {
    const { model, fileInputShape } = importOnnxWithReport(torchBytes, { registry });
    expect(fileInputShape).toEqual([torch.T, torch.F]);
    expect(model.layers.map((l) => l.type)).toEqual(['simple-rnn', 'dense']);
    const rnn = model.layers[0].config() as { units: number; activation: { name: string }; returnSequences: boolean };
    expect([rnn.units, rnn.activation.name, rnn.returnSequences]).toEqual([torch.H, 'relu', false]);
    const y = model.predict(new Tensor(Float32Array.from(torch.x), [torch.N, torch.T, torch.F])).data;
    expect(maxRelError(y, torch.y)).toBeLessThan(1e-5);
  });

  it('the imported torch model trains further: the loss goes down', () => {
    const model = importOnnx(torchBytes, { registry });
    model.compile({ loss: mse(), optimizer: sgd({ learningRate: 0.02 }) });
    const x = new Tensor(Float32Array.from(torch.x), [torch.N, torch.T, torch.F]);
    const target = new Tensor(
      Float32Array.from(torch.y, (v, i) => v + (i % 2 === 0 ? 0.5 : -0.5)),
      [torch.N, torch.out],
    );
    const first = model.trainBatch(x, target);
    let loss = first;
    for (let s = 0; s < 50; s++) loss = model.trainBatch(x, target);
    expect(loss).toBeLessThan(first / 2);
  });

  it('a file whose RNN uses an activation simple-rnn lacks fails with a typed error naming it and the fix', () => {
    // The fixture with its one "Relu" string turned into "Selu" (same length, so the file stays well-formed).
    const bytes = Uint8Array.from(torchBytes);
    const at = Buffer.from(bytes).indexOf('Relu');
    expect(at).toBeGreaterThan(0);
    bytes[at] = 'S'.charCodeAt(0);
    expect(() => importOnnx(bytes, { registry })).toThrow(ModelFormatError);
    expect(() => importOnnx(bytes, { registry })).toThrow(/activations "Selu" are not supported.*Relu or Tanh/);
  });
});

/** A hand-made graph for the hook: named constants and nodes, each tensor read once. */
function graphOf(nodes: OnnxNodeView[], constants: Record<string, OnnxConstant>): OnnxGraphView {
  return {
    producer: (t) => nodes.find((n) => n.outputs.includes(t)) ?? null,
    constant: (t) => constants[t] ?? null,
    consumers: (t) => nodes.filter((n) => n.inputs.includes(t)).length,
    layers: () => null,
  };
}

function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: Record<string, number | readonly number[] | string> = {},
): OnnxNodeView {
  return { opType, name: opType, inputs, outputs, attribute: (n) => attributes[n] };
}

const constant = (dims: number[], fill = 0.1): OnnxConstant => ({
  dims,
  values: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(fill),
});

/** `x → Transpose → RNN → Gather(Y_h, 0)` with H = 3, F = 2, the RNN's attributes and inputs overridable. */
function lastStateGraph(
  rnnAttributes: Record<string, number | readonly number[] | string> = { activations: 'Relu', hidden_size: 3 },
  override: { inputs?: string[]; constants?: Record<string, OnnxConstant> } = {},
) {
  const gather = node('Gather', ['Y_h', 'zero'], ['h'], { axis: 0 });
  const nodes = [
    node('Transpose', ['x'], ['xt'], { perm: [1, 0, 2] }),
    node('RNN', override.inputs ?? ['xt', 'W', 'R', 'B'], ['Y', 'Y_h'], rnnAttributes),
    gather,
  ];
  const constants = {
    W: constant([1, 3, 2]),
    R: constant([1, 3, 3]),
    B: constant([1, 6]),
    zero: { dims: [], values: new Float32Array(1) },
    ...override.constants,
  };
  return { gather, rnn: nodes[1], graph: graphOf(nodes, constants) };
}

describe('simple-rnn import hook: RNN nodes it cannot express give typed errors with the fix', () => {
  const hook = simpleRnnLayerPlugin.onnx?.import;
  if (!hook) throw new Error('simple-rnn declares no import hook');
  const matchOf = (g: ReturnType<typeof lastStateGraph>) => () => hook.match(g.gather, g.graph);

  it('the well-formed graph matches: W, R transposed into kernels, B = Wb + Rb', () => {
    const w = { dims: [1, 3, 2], values: Float32Array.of(1, 2, 3, 4, 5, 6) };
    const b = { dims: [1, 6], values: Float32Array.of(1, 2, 3, 10, 20, 30) };
    const g = lastStateGraph(undefined, { constants: { W: w, B: b } });
    const m = hook.match(g.gather, g.graph);
    expect(m?.input).toBe('x');
    expect(m?.config).toEqual({ type: 'simple-rnn', units: 3, activation: { name: 'relu', hyper: {} }, returnSequences: false });
    expect(Array.from(m?.params?.kernel ?? [])).toEqual([1, 3, 5, 2, 4, 6]);
    expect(Array.from(m?.params?.bias ?? [])).toEqual([11, 22, 33]);
  });

  const cases: [string, ReturnType<typeof lastStateGraph>, RegExp][] = [
    [
      'W of the wrong shape',
      lastStateGraph(undefined, { constants: { W: constant([3, 2]) } }),
      /W has shape \[3, 2\], expected \[1, hidden_size, input_size\]/,
    ],
    [
      'R of the wrong shape',
      lastStateGraph(undefined, { constants: { R: constant([1, 3, 2]) } }),
      /R has shape \[1, 3, 2\], expected \[1, 3, 3\]/,
    ],
    ['hidden_size against W', lastStateGraph({ activations: 'Tanh', hidden_size: 4 }), /hidden_size 4 differs from W's 3 rows/],
    [
      'a Sigmoid pair of activations',
      lastStateGraph({ activations: 'Sigmoid,Tanh' }),
      /activations "Sigmoid,Tanh" are not supported.*Relu or Tanh/,
    ],
    ['Sigmoid alone', lastStateGraph({ activations: 'Sigmoid' }), /activations "Sigmoid" are not supported/],
    [
      'bidirectional',
      lastStateGraph({ direction: 'bidirectional' }),
      /direction bidirectional is not supported.*bidirectional=False/,
    ],
    ['reverse', lastStateGraph({ direction: 'reverse' }), /direction reverse is not supported/],
    ['clip', lastStateGraph({ clip: 5 }), /clip is not supported/],
    ['layout 1', lastStateGraph({ layout: 1 }), /layout 1 is not supported; export time-first/],
    [
      'a sequence_lens input',
      lastStateGraph(undefined, { inputs: ['xt', 'W', 'R', 'B', 'lens'] }),
      /sequence_lens input is not supported/,
    ],
    [
      'a non-zero initial_h',
      lastStateGraph(undefined, { inputs: ['xt', 'W', 'R', 'B', '', 'h0'], constants: { h0: constant([1, 1, 3], 0.5) } }),
      /non-zero initial_h is not supported/,
    ],
    ['a computed W', lastStateGraph(undefined, { inputs: ['xt', 'x', 'R', 'B'] }), /W must be a constant/],
  ];
  for (const [what, g, message] of cases) {
    it(what, () => {
      expect(matchOf(g)).toThrow(ValidationError);
      expect(matchOf(g)).toThrow(message);
    });
  }

  it('an RNN read directly (time-first outputs) is refused, saying which reads are imported', () => {
    const g = lastStateGraph();
    expect(() => hook.match(g.rnn, g.graph)).toThrow(/Gather\(…, 0\) or Squeeze\(axes \[0\]\)/);
  });

  it('a zero initial_h is accepted; other Gather and Transpose nodes are left to other plugins', () => {
    const g = lastStateGraph(undefined, { inputs: ['xt', 'W', 'R', 'B', '', 'h0'], constants: { h0: constant([1, 1, 3], 0) } });
    expect(hook.match(g.gather, g.graph)).not.toBeNull();
    const other = graphOf([node('Gather', ['x', 'zero'], ['g'])], { zero: { dims: [], values: new Float32Array(1) } });
    expect(hook.match(node('Gather', ['x', 'zero'], ['g']), other)).toBeNull();
    expect(hook.match(node('Transpose', ['x'], ['t'], { perm: [1, 0, 2] }), other)).toBeNull();
  });
});
