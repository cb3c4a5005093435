import {
  defineLayer,
  type GpuKernelSpec,
  glorotUniform,
  type Layer,
  type LayerConfig,
  type OnnxGraphView,
  type OnnxNodeView,
  ShapeError,
  ValidationError,
  zeroInit,
} from '@rectify/core';
import * as K from './gpu-kernels';
import { MaxoutRunner } from './runner';

/** Maxout's settings. */
export interface MaxoutSettings {
  /** Output units. */
  readonly units: number;
  /** Linear pieces per unit (k ≥ 2; k = 2 already contains ReLU and Leaky ReLU). */
  readonly pieces: number;
}

const TYPE = 'maxout';

function positiveInteger(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValidationError(`${TYPE}: ${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function inputsOf(shape: readonly number[]): number {
  if (shape.length !== 1) {
    throw new ShapeError(`${TYPE}: takes [batch, features] inputs, got per-sample shape [${shape}]; flatten it first`);
  }
  return shape[0];
}

/** Column `j · pieces + k` of the kernel holds piece k of unit j; this gathers piece k of every unit. */
function pieceColumns(kernel: Float32Array, inputs: number, s: MaxoutSettings, k: number): Float32Array {
  const out = new Float32Array(inputs * s.units);
  for (let i = 0; i < inputs; i++) {
    for (let j = 0; j < s.units; j++) out[i * s.units + j] = kernel[i * s.units * s.pieces + j * s.pieces + k];
  }
  return out;
}

/** Recognises `Max(Add(MatMul(x, W_k), b_k) for each k)` with one shared `x` (what `export` writes). */
function matchPieces(node: OnnxNodeView, graph: OnnxGraphView) {
  const pieces = node.inputs.map((t) => {
    const add = graph.producer(t);
    if (add?.opType !== 'Add' || graph.consumers(t) !== 1) return null;
    const mm = graph.producer(add.inputs[0]);
    const b = graph.constant(add.inputs[1]);
    if (mm?.opType !== 'MatMul' || !b || graph.consumers(add.inputs[0]) !== 1) return null;
    const w = graph.constant(mm.inputs[1]);
    if (w?.dims.length !== 2 || b.values.length !== w.dims[1]) return null;
    return { x: mm.inputs[0], w, b };
  });
  if (pieces.length < 2 || pieces.some((p) => p === null || p.x !== pieces[0]?.x)) return null;
  const first = pieces[0]!;
  if (pieces.some((p) => p!.w.dims[0] !== first.w.dims[0] || p!.w.dims[1] !== first.w.dims[1])) return null;
  return { x: first.x, inputs: first.w.dims[0], units: first.w.dims[1], pieces: pieces as NonNullable<(typeof pieces)[0]>[] };
}

/**
 * The Maxout layer plugin (Goodfellow et al. 2013): `units · pieces` linear functions of the input, and each unit
 * outputs the largest of its `pieces`. The kernel is `[inputs, units · pieces]` (Glorot uniform), the bias
 * `[units · pieces]` (zeros).
 */
export const maxoutPlugin = defineLayer<MaxoutSettings>({
  type: TYPE,
  apiVersion: 2,
  version: '0.1.0',
  validate: (s) => Object.freeze({ units: positiveInteger('units', s.units, 1), pieces: positiveInteger('pieces', s.pieces, 2) }),
  parseConfig(config: LayerConfig) {
    for (const key of Object.keys(config)) {
      if (!['type', 'units', 'pieces'].includes(key)) throw new ValidationError(`${TYPE}: unknown config field "${key}"`);
    }
    return { units: config.units as number, pieces: config.pieces as number };
  },
  toConfig: (s) => ({ type: TYPE, units: s.units, pieces: s.pieces }),
  outputShape(s, shapes) {
    inputsOf(shapes.input);
    return [s.units];
  },
  params(s, shapes) {
    const inputs = inputsOf(shapes.input);
    const cols = s.units * s.pieces;
    return [
      { name: 'kernel', shape: [inputs, cols], decay: true, initializer: glorotUniform(), fanIn: inputs, fanOut: s.units },
      { name: 'bias', shape: [cols], decay: false, initializer: zeroInit(), fanIn: inputs, fanOut: s.units },
    ];
  },
  cpu: {
    createRunner(layer, ctx) {
      const { units, pieces } = layer.settings;
      const kernel = layer.param('kernel');
      const bias = layer.param('bias');
      const runner = new MaxoutRunner(
        inputsOf(layer.inputShape),
        units,
        pieces,
        { kernel: kernel.value, bias: bias.value },
        { kernel: kernel.grad, bias: bias.grad },
      );
      const output = ctx.buffer(layer.outputShape);
      const inputGrad = ctx.buffer(layer.inputShape);
      let rows = 0;
      return {
        forward(x) {
          rows = x.shape[0];
          const y = output.get(rows);
          runner.forward(x.data, rows, y.data);
          return y;
        },
        backward(dy, needInputGrad) {
          const dx = inputGrad.get(rows);
          runner.backward(dy.data, needInputGrad ? dx.data : null);
          return dx;
        },
      };
    },
  },
  gpu: {
    plan(layer) {
      const { units, pieces } = layer.settings;
      const inputs = inputsOf(layer.inputShape);
      const cols = units * pieces;
      const spec = (source: string, output: number[], batch: number): GpuKernelSpec => ({
        source,
        output,
        constants: { batch, inputs, units, pieces },
      });
      let x: unknown = null;
      let winner: unknown = null;
      return {
        *forward(input, step) {
          x = input;
          const args = { x, w: step.param('kernel'), b: step.param('bias') };
          winner = yield* step.run(spec(K.MAXOUT_WINNER, [units, step.rows], step.rows), args);
          return yield* step.run(spec(K.MAXOUT_FORWARD, [units, step.rows], step.rows), args);
        },
        *backward(dy, step, needInputGrad) {
          const n = step.rows;
          const dKernel = yield* step.run(spec(K.MAXOUT_GRAD_KERNEL, [cols, inputs], n), { x, dy, winner });
          const dBias = yield* step.run(spec(K.MAXOUT_GRAD_BIAS, [cols], n), { dy, winner });
          const dx = needInputGrad
            ? yield* step.run(spec(K.MAXOUT_GRAD_INPUT, [inputs, n], n), { dy, w: step.param('kernel'), winner })
            : null;
          step.setGrad('kernel', dKernel);
          step.setGrad('bias', dBias);
          return dx;
        },
      };
    },
  },
  onnx: {
    // ONNX has no Maxout operator: one MatMul + Add per piece, then an element-wise Max over the pieces.
    export(layer, input, ctx) {
      const s = layer.settings;
      const inputs = inputsOf(layer.inputShape);
      const kernel = layer.param('kernel').value;
      const bias = layer.param('bias').value;
      const zs = Array.from({ length: s.pieces }, (_, k) => {
        const w = ctx.initializer(`kernel.piece${k}`, [inputs, s.units], pieceColumns(kernel, inputs, s, k));
        const b = ctx.initializer(
          `bias.piece${k}`,
          [s.units],
          Float32Array.from({ length: s.units }, (_, j) => bias[j * s.pieces + k]),
        );
        const [product] = ctx.node({ opType: 'MatMul', sinceVersion: 13, inputs: [input, w] });
        return ctx.node({ opType: 'Add', sinceVersion: 14, inputs: [product, b] })[0];
      });
      return ctx.node({ opType: 'Max', sinceVersion: 13, inputs: zs })[0];
    },
    import: {
      opTypes: ['Max'],
      match(node, graph) {
        const found = matchPieces(node, graph);
        if (!found) return null;
        const { inputs, units } = found;
        const p = found.pieces.length;
        const kernel = new Float32Array(inputs * units * p);
        const bias = new Float32Array(units * p);
        found.pieces.forEach((piece, k) => {
          for (let j = 0; j < units; j++) {
            bias[j * p + k] = piece.b.values[j];
            for (let i = 0; i < inputs; i++) kernel[i * units * p + j * p + k] = piece.w.values[i * units + j];
          }
        });
        return { config: { type: TYPE, units, pieces: p }, input: found.x, params: { kernel, bias } };
      },
    },
  },
});

/**
 * A Maxout layer: `maxout(16, 2)` has 16 units of 2 pieces each.
 * @throws ValidationError when `units` < 1 or `pieces` < 2 or either is not an integer.
 */
export function maxout(units: number, pieces = 2): Layer<MaxoutSettings> {
  return maxoutPlugin.create({ units, pieces });
}
