import { type CpuLayerRunner, type CpuRunnerContext, type Layer, ShapeError, type Tensor, ValidationError } from '@rectify/core';

/** The array-level half of a CPU runner: writes into the buffers it is given. */
export interface ArrayRunner {
  /** Computes `y` from `x` (`rows` samples); with `training`, keeps what `backward` needs. */
  forward(x: Float32Array, rows: number, training: boolean, y: Float32Array): void;
  /** Adds parameter gradients and writes dLoss/dInput into `dx` unless null. */
  backward(x: Float32Array, rows: number, dy: Float32Array, dx: Float32Array | null): void;
}

function checkShape(label: string, what: string, t: Tensor, sample: readonly number[]): void {
  const s = t.shape;
  let ok = s.length === sample.length + 1 && s[0] >= 1;
  for (let i = 0; ok && i < sample.length; i++) ok = s[i + 1] === sample[i];
  if (!ok) {
    throw new ShapeError(`${label}: got ${what} of shape [${s.join(', ')}] but the layer expects [batch, ${sample.join(', ')}]`);
  }
}

/** A CPU runner over `ctx`'s reusable buffers (allocation-free once a batch size was seen). */
export function bufferedRunner(label: string, layer: Layer, ctx: CpuRunnerContext, arrays: ArrayRunner): CpuLayerRunner {
  const output = ctx.buffer(layer.outputShape);
  const inputGrad = ctx.buffer(layer.inputShape);
  let last: Tensor | null = null;
  return {
    forward(x, training) {
      checkShape(label, 'input', x, layer.inputShape);
      const y = output.get(x.shape[0]);
      arrays.forward(x.data, x.shape[0], training, y.data);
      last = x;
      return y;
    },
    backward(dy, needInputGrad) {
      if (!last) throw new ValidationError(`${label}: backward was called before forward`);
      checkShape(label, 'gradient', dy, layer.outputShape);
      const rows = last.shape[0];
      if (dy.shape[0] !== rows)
        throw new ShapeError(`${label}: gradient batch ${dy.shape[0]} does not match the last input's ${rows}`);
      const dx = inputGrad.get(rows);
      arrays.backward(last.data, rows, dy.data, needInputGrad ? dx.data : null);
      return dx;
    },
  };
}

/** Throws a ValidationError naming the layer and the unknown field of a JSON config. */
export function checkConfigKeys(layer: string, config: Readonly<Record<string, unknown>>, known: readonly string[]): void {
  for (const key of Object.keys(config)) {
    if (key !== 'type' && !known.includes(key)) {
      throw new ValidationError(`${layer}: unknown config field '${key}'; the known fields are ${known.join(', ')}`);
    }
  }
}

/** The settings half of a layer plugin without settings (flatten, global pooling): `{}` in code and JSON. */
export function settingless(type: string) {
  return {
    type,
    apiVersion: 2 as const,
    version: '0.1.0',
    validate: (): Readonly<Record<string, never>> => Object.freeze({}),
    parseConfig(config: Readonly<Record<string, unknown>>): Readonly<Record<string, never>> {
      checkConfigKeys(type, config, []);
      return {};
    },
    toConfig: () => ({ type }),
  };
}
