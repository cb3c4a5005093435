import type {
  ActivationPlugin,
  GpuHandle,
  GpuLayerExecutor,
  GpuLayerProgram,
  GpuPlanContext,
  GpuProgram,
  GpuStepContext,
} from '@rectify/core';
import type { SimpleRnn, SimpleRnnSettings } from './definition';
import * as K from './gpu-kernels';

// The same gpu.js names as core's activation layer gives the plugin's functions, so a model with both adds them once.
const functionName = (plugin: string, part: string): string => `rfy_${plugin.replace(/[^A-Za-z0-9]/g, '_')}_${part}`;

/**
 * A SimpleRNN on the device: one kernel per time step for the pre-activation and one for the state, and in the
 * backward pass one per step for `dz_t` and for each gradient's running sum. States stay per step (`[batch, units]`);
 * only a sequence output and the input gradient are assembled block by block.
 */
class SimpleRnnProgram implements GpuLayerProgram {
  private readonly steps: number;
  private readonly units: number;
  private readonly features: number;
  private readonly sequences: boolean;
  private readonly hyper: Readonly<Record<string, number>>;
  private readonly activate: string;
  private readonly gradTop: string;
  private readonly gradStep: string;
  private x: GpuHandle = null;
  private z: GpuHandle[] = [];
  private h: GpuHandle[] = [];

  constructor(layer: SimpleRnn, act: K.CellActivation, hyper: Readonly<Record<string, number>>) {
    const s = layer.settings;
    this.steps = layer.inputShape[0];
    this.features = layer.inputShape[1];
    this.units = s.units;
    this.sequences = s.returnSequences;
    this.hyper = hyper;
    this.activate = K.rnnActivate(act);
    this.gradTop = K.rnnStateGrad(act, this.sequences, true);
    this.gradStep = K.rnnStateGrad(act, this.sequences, false);
  }

  private get constants(): Record<string, number> {
    return { T: this.steps, F: this.features, H: this.units };
  }

  *forward(x: GpuHandle, step: GpuStepContext): GpuProgram<GpuHandle> {
    const rows = step.rows;
    const state = [this.units, rows];
    const constants = this.constants;
    const w = step.param('kernel');
    const b = step.param('bias');
    const u = step.param('recurrentKernel');
    this.x = x;
    this.z = [];
    this.h = [];
    let seq: GpuHandle = null;
    for (let t = 0; t < this.steps; t++) {
      const z =
        t === 0
          ? yield* step.run({ source: K.RNN_Z_FIRST, output: state, constants }, { x, w, b, t })
          : yield* step.run({ source: K.RNN_Z_STEP, output: state, constants }, { x, w, b, h: this.h[t - 1], u, t });
      const h = yield* step.run({ source: this.activate, output: state, constants }, { z, ...this.hyper });
      this.z.push(z);
      this.h.push(h);
      if (this.sequences) {
        const output = [this.steps * this.units, rows];
        seq =
          t === 0
            ? yield* step.run({ source: K.RNN_SEQUENCE_FIRST, output, constants }, { h })
            : yield* step.run({ source: K.RNN_SEQUENCE_PUT, output, constants }, { seq, h, t });
      }
    }
    return this.sequences ? seq : this.h[this.steps - 1];
  }

  *backward(dy: GpuHandle, step: GpuStepContext, needInputGrad: boolean): GpuProgram<GpuHandle> {
    const rows = step.rows;
    const T = this.steps;
    const state = [this.units, rows];
    const constants = this.constants;
    const sums = { ...constants, batch: rows };
    const x = this.x;
    const w = step.param('kernel');
    const u = step.param('recurrentKernel');
    const kernelShape = [this.units, this.features];
    const recurrentShape = [this.units, this.units];
    const inputShape = [T * this.features, rows];
    const fromOutput = (t: number) => (this.sequences ? { dy, t } : t === T - 1 ? { dy } : {});
    let dz: GpuHandle = null;
    let dw: GpuHandle = null;
    let du: GpuHandle = null;
    let db: GpuHandle = null;
    let dx: GpuHandle = null;
    for (let t = T - 1; t >= 0; t--) {
      const own = { z: this.z[t], h: this.h[t], ...fromOutput(t), ...this.hyper };
      dz =
        t === T - 1
          ? yield* step.run({ source: this.gradTop, output: state, constants }, own)
          : yield* step.run({ source: this.gradStep, output: state, constants }, { ...own, dzNext: dz, u });
      const top = t === T - 1;
      dw = top
        ? yield* step.run({ source: K.RNN_GRAD_KERNEL_FIRST, output: kernelShape, constants: sums }, { x, dz, t })
        : yield* step.run({ source: K.RNN_GRAD_KERNEL_STEP, output: kernelShape, constants: sums }, { acc: dw, x, dz, t });
      db = top
        ? yield* step.run({ source: K.RNN_GRAD_BIAS_FIRST, output: [this.units], constants: sums }, { dz })
        : yield* step.run({ source: K.RNN_GRAD_BIAS_STEP, output: [this.units], constants: sums }, { acc: db, dz });
      if (t > 0) {
        const h = this.h[t - 1];
        du =
          du === null
            ? yield* step.run({ source: K.RNN_GRAD_RECURRENT_FIRST, output: recurrentShape, constants: sums }, { h, dz })
            : yield* step.run({ source: K.RNN_GRAD_RECURRENT_STEP, output: recurrentShape, constants: sums }, { acc: du, h, dz });
      }
      if (needInputGrad) {
        dx = top
          ? yield* step.run({ source: K.RNN_GRAD_INPUT_FIRST, output: inputShape, constants }, { dz, w, t })
          : yield* step.run({ source: K.RNN_GRAD_INPUT_STEP, output: inputShape, constants }, { dx, dz, w, t });
      }
    }
    du ??= yield* step.run({ source: K.RNN_ZEROS, output: recurrentShape }, {});
    step.setGrad('kernel', dw);
    step.setGrad('recurrentKernel', du);
    step.setGrad('bias', db);
    return needInputGrad ? dx : null;
  }
}

/**
 * The gpu executor of the `simple-rnn` layer: the cell's activation runs through the registered plugin's gpu.js
 * functions (as core's activation layer on the device); a plugin without them runs the layer on the host, reported.
 */
export const simpleRnnGpu: GpuLayerExecutor<SimpleRnnSettings> = Object.freeze({
  plan(layer: SimpleRnn, ctx: GpuPlanContext): GpuLayerProgram | string {
    const plugin = layer.settings.activation as ActivationPlugin;
    const gpu = plugin.gpu;
    if (!gpu) return `activation "${plugin.name}" has no gpu kernels; the SimpleRNN runs on the CPU`;
    // Helpers are called by their own names from the plugin's functions, so they are added under those names.
    for (const helper of plugin.helpers ?? []) ctx.addFunction(helper.name, Function.prototype.toString.call(helper));
    const act: K.CellActivation = {
      forward: functionName(plugin.name, 'forward'),
      backward: functionName(plugin.name, 'backward'),
      hyperArgs: Object.keys(plugin.params).map((name) => `h_${name}`),
    };
    ctx.addFunction(act.forward, gpu.forward);
    ctx.addFunction(act.backward, gpu.backward);
    const hyper = Object.fromEntries(Object.keys(plugin.params).map((name) => [`h_${name}`, layer.settings.hyper[name]]));
    return new SimpleRnnProgram(layer, act, hyper);
  },
});
