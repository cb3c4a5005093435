// Runs one activation plugin's gpu.js functions through the backend's own planning (plan.ts: the activation layer's
// gpu executor from core, kernels bound by name, Device) on edge inputs and compares every output with the plugin's CPU kernels (the built
// activation layer's forward/backward). Shared by the headless-gl test and the Chromium page.
import {
  type ActivationLayer,
  type ActivationPlugin,
  type ConfiguredActivation,
  type GpuActivationKernels,
  type GpuLayerProgram,
  type Param,
  type StateBuffer,
  Tensor,
  activation,
  activationOf,
  createRegistry,
  createRng,
} from '@rectify/core';
import { Device } from '../src/device';
import { type Program, runAsync } from '../src/driver';
import { type GpuMode, openGpu } from '../src/mode';
import { deviceShape, type ParamSlot, planLayer, type StateSlot, type StepState } from '../src/plan';
import { read, upload } from '../src/programs';

/** Edge inputs: NaN, ±Infinity, huge, around 0 (±0, ±1e-7), around ReLU6's cap, ELU's series switch (±0.01). */
export const EDGE_X: readonly number[] = [
  Number.NaN,
  Number.NEGATIVE_INFINITY,
  -1e30,
  -50,
  -3,
  -1,
  -0.5,
  -0.01,
  -0.005,
  -1e-7,
  -0,
  0,
  1e-7,
  0.005,
  0.01,
  0.5,
  1,
  3,
  5.5,
  6,
  6.5,
  50,
  1e30,
  Number.POSITIVE_INFINITY,
  2, // dy NaN
  -2, // dy NaN
];

/** {@link EDGE_X} without NaN and infinities, so that summed parameter gradients are compared as numbers too. */
export const FINITE_X: readonly number[] = EDGE_X.filter((v) => Number.isFinite(v));

/** Prefix of a disagreement on an input holding NaN (x or dy). */
export const NAN_INPUT = '[NaN input] ';

/** Upstream gradients: varied signs and sizes, a zero, and (with `nanTail`) NaN for the last two elements. */
export function edgeDy(n: number, nanTail: boolean): Float32Array {
  const pattern = [0.5, -1.25, 2, 0.75, 0, -3];
  const dy = new Float32Array(n);
  for (let i = 0; i < n; i++) dy[i] = pattern[i % pattern.length];
  if (nanTail) {
    dy[n - 1] = Number.NaN;
    dy[n - 2] = Number.NaN;
  }
  return dy;
}

/** What to run: a plugin (or configured plugin), its hyper-parameters, and optional learnable values to set. */
export interface ProbeCase {
  readonly label: string;
  readonly act: ActivationPlugin | ConfiguredActivation;
  /** Hyper-parameters for `n` input units (PReLU's per-channel count depends on it). */
  readonly hyper?: (n: number) => Readonly<Record<string, number>>;
  /** Fills each learnable parameter (after build) so per-channel values differ. */
  readonly learnableValue?: (key: string, index: number) => number;
  /** Run these gpu functions instead of the plugin's (a minified copy). */
  readonly gpuOverride?: GpuActivationKernels;
  /** The forward and backward zeros must have the CPU's sign too (ReLU's one sign-of-zero rule, docs/numerics.md). */
  readonly signedZeros?: boolean;
}

interface Outputs {
  y: Float32Array;
  dx: Float32Array;
  grads: Record<string, Float32Array>;
}

function close(a: number, b: number, signedZeros = false): boolean {
  if (signedZeros && a === 0 && b === 0) return Object.is(a, b);
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 2e-5 * Math.max(1, Math.abs(b));
}

function buildLayer(c: ProbeCase, n: number): ActivationLayer {
  const layer = (c.hyper ? activation(c.act as ActivationPlugin, c.hyper(n)) : activation(c.act)) as ActivationLayer;
  layer.build([n], { rng: createRng(1), registry: createRegistry() });
  for (const p of layer.params()) {
    if (c.learnableValue) for (let i = 0; i < p.value.length; i++) p.value[i] = c.learnableValue(p.name, i);
  }
  return layer;
}

function onCpu(layer: ActivationLayer, x: Float32Array, dy: Float32Array): Outputs {
  const n = x.length;
  const y = Float32Array.from(layer.forward(new Tensor(x, [1, n]), true).data);
  for (const p of layer.params()) p.grad.fill(0);
  const dx = Float32Array.from(layer.backward(new Tensor(dy, [1, n])).data);
  const grads: Record<string, Float32Array> = {};
  for (const p of layer.params()) grads[p.name] = Float32Array.from(p.grad);
  return { y, dx, grads };
}

function* onDevice(
  d: Device,
  program: GpuLayerProgram,
  step: StepState,
  slots: readonly ParamSlot[],
  x: Float32Array,
  dy: Float32Array,
): Program<Outputs> {
  const n = x.length;
  for (const s of slots) s.value = yield* upload(d, s.param.value, s.rows, s.cols);
  const xs = yield* upload(d, x, 1, n);
  const dys = yield* upload(d, dy, 1, n);
  const yh = yield* program.forward(xs, step as never) as Program<unknown>;
  const dxh = yield* program.backward(dys, step as never, true) as Program<unknown>;
  const out: Outputs = { y: new Float32Array(n), dx: new Float32Array(n), grads: {} };
  yield* read(yh, out.y);
  yield* read(dxh, out.dx);
  for (const s of slots) {
    const g = new Float32Array(s.rows);
    yield* read(s.grad, g);
    out.grads[s.param.name] = g;
  }
  return out;
}

/**
 * Runs `c` on a fresh gpu.js instance in `mode` and on the CPU; returns one line per disagreement (empty when the
 * device matches the CPU on every edge input) or the compile error.
 */
export async function probeActivation(mode: GpuMode, c: ProbeCase, finite = false): Promise<string[]> {
  const x = Float32Array.from(finite ? FINITE_X : EDGE_X);
  const dy = edgeDy(x.length, !finite);
  const cpuLayer = buildLayer(c, x.length);
  const truth = onCpu(cpuLayer, x, dy);
  const n = x.length;
  const gpuLayer = buildLayer(c, n);
  const plugin = activationOf(gpuLayer).plugin;
  const planned: ActivationLayer = c.gpuOverride
    ? (Object.create(gpuLayer, {
        settings: { value: { ...gpuLayer.settings, activation: Object.create(plugin, { gpu: { value: c.gpuOverride } }) } },
      }) as ActivationLayer)
    : gpuLayer;
  const opened = openGpu(mode);
  const device = new Device(opened.gpu, opened.mode, Number.POSITIVE_INFINITY);
  const problems: string[] = [];
  try {
    const slots: ParamSlot[] = [];
    const step: StepState = { rows: 1, training: true, temps: new Set() };
    const program = planLayer(planned, 'probe', {
      device,
      step,
      slot: (id: string, param: Param, host: boolean) => {
        const s: ParamSlot = {
          id,
          param,
          ...deviceShape(param.shape),
          value: null,
          grad: null,
          state: {},
          first: true,
          t: 0,
          host,
        };
        slots.push(s);
        return s;
      },
      stateSlot: (id: string, buffer: StateBuffer): StateSlot => ({ id, buffer, ...deviceShape(buffer.shape), value: null }),
      fallback: (entry) => problems.push(`${c.label}: fell back: ${entry.reason}`),
      rng: () => createRng(0),
    });
    if (problems.length > 0) return problems;
    const got = await runAsync(device, onDevice(device, program, step, slots, x, dy));
    // Lines for inputs that hold a NaN start with NAN_INPUT (a summed shared gradient sees every input).
    const cmp = (what: string, a: Float32Array, b: Float32Array, perElement: boolean) => {
      for (let i = 0; i < b.length; i++) {
        if (close(a[i], b[i], c.signedZeros && perElement)) continue;
        const nan = perElement ? Number.isNaN(x[i]) || Number.isNaN(dy[i]) : x.some(Number.isNaN) || dy.some(Number.isNaN);
        const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
        const where = perElement ? `(x=${show(x[i])}, dy=${show(dy[i])})` : '';
        problems.push(`${nan ? NAN_INPUT : ''}${c.label} ${what}[${i}]${where}: ${mode} ${show(a[i])} vs cpu ${show(b[i])}`);
      }
    };
    cmp('forward', got.y, truth.y, true);
    cmp('backward', got.dx, truth.dx, true);
    for (const k of Object.keys(truth.grads)) cmp(`paramGrads.${k}`, got.grads[k], truth.grads[k], truth.grads[k].length === n);
  } catch (e) {
    problems.push(`${c.label}: ${(e as Error).name}: ${(e as Error).message}`);
  } finally {
    await device.destroy();
  }
  return problems;
}
