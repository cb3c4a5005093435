import {
  type ActivationPlugin,
  type KernelContext,
  type Sequential,
  type Tensor,
  ValidationError,
  lossFromName,
} from '@rectify/core';
import type { SimpleRnnSettings } from '@rectify/recurrent';

/** What {@link probeSequence} reads from a recurrent model on a probe batch. */
export interface SequenceProbe {
  readonly rows: number;
  readonly steps: number;
  readonly units: number;
  /** Hidden states `[rows, steps, units]`, sample-major: example `n`'s units × time map is one block. */
  readonly states: Float32Array;
  /** Per recurrent unit: true when f′(pre-activation) is exactly 0 on every probe row and every step. */
  readonly dead: readonly boolean[];
  /** ‖∂loss/∂h_t‖ over the probe batch (Frobenius norm of the `[rows, units]` gradient) for t = 1…T. */
  readonly gradNorm: Float64Array;
  /** The probe batch's loss (the model's loss, mean over the batch). */
  readonly loss: number;
  /** ∂loss/∂ of the SimpleRNN's parameters, from this pass's own backpropagation through time. */
  readonly grads: { readonly kernel: Float64Array; readonly recurrentKernel: Float64Array; readonly bias: Float64Array };
}

function paramOf(model: Sequential, layer: number, name: string): Float32Array {
  return model.layers[layer].param(name).value;
}

/**
 * Runs a `simple-rnn → dense` model forward and backward through time on `x` `[rows, T, F]`, `y`, with its own
 * loops (float64 sums; the activation through its plugin's CPU kernels), independent of the layer's executor, and
 * keeps what the page and the experiments show: every hidden state, dead recurrent units and ‖∂loss/∂h_t‖ per step.
 * @throws ValidationError when the model is not `simple-rnn → dense` or the data do not fit it.
 */
export function probeSequence(model: Sequential, x: Tensor, y: Tensor, lossName: 'mse' | 'softmax-cross-entropy'): SequenceProbe {
  const [rnn, head] = model.layers;
  if (model.layers.length !== 2 || rnn.type !== 'simple-rnn' || head.type !== 'dense') {
    throw new ValidationError('probeSequence: the model must be simple-rnn → dense');
  }
  const [N, T, F] = x.shape;
  const settings = rnn.settings as SimpleRnnSettings;
  const H = settings.units;
  const O = head.outputShape[0];
  if (x.shape.length !== 3 || T !== rnn.inputShape[0] || F !== rnn.inputShape[1] || y.shape[0] !== N || y.shape[1] !== O) {
    throw new ValidationError(
      `probeSequence: data [${x.shape.join(', ')}] → [${y.shape.join(', ')}] do not fit the model [batch, ${rnn.inputShape.join(', ')}] → [batch, ${O}]`,
    );
  }
  const plugin = settings.activation as ActivationPlugin;
  const W = paramOf(model, 0, 'kernel');
  const U = paramOf(model, 0, 'recurrentKernel');
  const b = paramOf(model, 0, 'bias');
  const V = paramOf(model, 1, 'kernel');
  const c = paramOf(model, 1, 'bias');
  const xd = x.data;
  const block = N * H;
  // Time-major pre-activations and states: step t is one contiguous [N, H] block for the activation kernels.
  const z = new Float32Array(T * block);
  const h = new Float32Array(T * block);
  const ctx: KernelContext = { length: block, channels: H, inner: 1, hyper: settings.hyper, params: {}, grads: {} };
  for (let t = 0; t < T; t++) {
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < H; j++) {
        let s = b[j];
        const xo = (n * T + t) * F;
        for (let f = 0; f < F; f++) s += xd[xo + f] * W[f * H + j];
        if (t > 0) {
          const ho = (t - 1) * block + n * H;
          for (let k = 0; k < H; k++) s += h[ho + k] * U[k * H + j];
        }
        z[t * block + n * H + j] = s;
      }
    }
    plugin.cpu.forward(z.subarray(t * block, (t + 1) * block), h.subarray(t * block, (t + 1) * block), ctx);
  }
  const out = new Float32Array(N * O);
  const last = (T - 1) * block;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      let s = c[o];
      for (let k = 0; k < H; k++) s += h[last + n * H + k] * V[k * O + o];
      out[n * O + o] = s;
    }
  }
  const dOut = new Float32Array(N * O);
  const loss = lossFromName(lossName).compute(out, y.data, dOut, N, O);

  const gW = new Float64Array(F * H);
  const gU = new Float64Array(H * H);
  const gb = new Float64Array(H);
  const gradNorm = new Float64Array(T);
  let dh = new Float64Array(block);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < H; k++) {
      let s = 0;
      for (let o = 0; o < O; o++) s += dOut[n * O + o] * V[k * O + o];
      dh[n * H + k] = s;
    }
  }
  const dh32 = new Float32Array(block);
  const dz32 = new Float32Array(block);
  for (let t = T - 1; t >= 0; t--) {
    let sq = 0;
    for (let i = 0; i < block; i++) {
      sq += dh[i] * dh[i];
      dh32[i] = dh[i];
    }
    gradNorm[t] = Math.sqrt(sq);
    plugin.cpu.backward(z.subarray(t * block, (t + 1) * block), h.subarray(t * block, (t + 1) * block), dh32, dz32, ctx);
    const prev = new Float64Array(block);
    for (let n = 0; n < N; n++) {
      const xo = (n * T + t) * F;
      for (let j = 0; j < H; j++) {
        const g = dz32[n * H + j];
        if (g === 0) continue;
        gb[j] += g;
        for (let f = 0; f < F; f++) gW[f * H + j] += xd[xo + f] * g;
        if (t > 0) {
          const ho = (t - 1) * block + n * H;
          for (let k = 0; k < H; k++) {
            gU[k * H + j] += h[ho + k] * g;
            prev[n * H + k] += g * U[k * H + j];
          }
        }
      }
    }
    dh = prev;
  }
  return {
    rows: N,
    steps: T,
    units: H,
    states: sampleMajor(h, N, T, H),
    dead: deadUnits(plugin, z, h, ctx, H),
    gradNorm,
    loss,
    grads: { kernel: gW, recurrentKernel: gU, bias: gb },
  };
}

function sampleMajor(h: Float32Array, N: number, T: number, H: number): Float32Array {
  const s = new Float32Array(h.length);
  for (let t = 0; t < T; t++) {
    for (let n = 0; n < N; n++) s.set(h.subarray((t * N + n) * H, (t * N + n + 1) * H), (n * T + t) * H);
  }
  return s;
}

/** A unit is dead when the plugin's own backward kernel gives f′ = 0 for it on every row and step. */
function deadUnits(plugin: ActivationPlugin, z: Float32Array, h: Float32Array, ctx: KernelContext, H: number): boolean[] {
  const ones = new Float32Array(z.length).fill(1);
  const slope = new Float32Array(z.length);
  plugin.cpu.backward(z, h, ones, slope, { ...ctx, length: z.length });
  const dead = new Array<boolean>(H).fill(true);
  for (let i = 0; i < slope.length; i++) if (slope[i] !== 0) dead[i % H] = false;
  return dead;
}
