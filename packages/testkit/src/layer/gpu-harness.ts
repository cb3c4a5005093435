import {
  createRng,
  type GpuHandle,
  type GpuKernelSpec,
  type GpuLayerProgram,
  type GpuPlanContext,
  type GpuProgram,
  type GpuStepContext,
  type Layer,
} from '@rectify/core';
import type { GpuJsInstance } from '../types';
import type { GpuLayerRun } from './contract';

/** How the layer suite reaches gpu.js: the `GPU` class from `gpu.js` and the modes to compare on. */
export interface LayerGpuOption {
  /** The gpu.js `GPU` class (constructed as `new GPU({ mode })`); the testkit never imports gpu.js itself. */
  readonly GPU: new (
    ...settings: never[]
  ) => GpuJsInstance;
  /** gpu.js modes, e.g. `['headlessgl', 'cpu']`; each must really run (a silent fallback fails). */
  readonly modes: readonly string[];
}

const KERNEL_CLASS: Readonly<Record<string, string>> = {
  headlessgl: 'HeadlessGLKernel',
  webgl2: 'WebGL2Kernel',
  webgl: 'WebGLKernel',
  webgpu: 'WebGPUKernel',
  webasm: 'WebAssemblyKernel',
  cpu: 'CPUKernel',
};

/** Parameter names of a `function (a, b) { … }` source: kernels bind their arguments by name. */
export function parameterNames(source: string): string[] {
  const open = source.indexOf('(');
  const close = source.indexOf(')', open);
  return source
    .slice(open + 1, close)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A device array as gpu.js takes it: 2-D shapes as rows, anything else flat. */
function toDevice(values: Float32Array, shape: readonly number[]): GpuHandle {
  if (shape.length !== 2) return values;
  return Array.from({ length: shape[0] }, (_, r) => values.subarray(r * shape[1], (r + 1) * shape[1]));
}

function fromDevice(handle: GpuHandle): Float32Array {
  if (handle instanceof Float32Array) return Float32Array.from(handle);
  const rows = handle as ArrayLike<ArrayLike<number>>;
  const out: number[] = [];
  for (let r = 0; r < rows.length; r++) for (let c = 0; c < rows[r].length; c++) out.push(rows[r][c]);
  return Float32Array.from(out);
}

function drive<T>(program: GpuProgram<T>): T {
  let r = program.next();
  while (!r.done) r = program.next(r.value);
  return r.value;
}

interface HarnessRun {
  readonly gpu: GpuJsInstance;
  readonly mode: string;
  readonly batch: number;
  readonly training: boolean;
  readonly seed: number;
  /** Parameter gradients and state after the step, by path below the tested layer (`body.0.kernel`). */
  readonly grads: Record<string, Float32Array>;
  readonly state: Record<string, Float32Array>;
}

function runKernel(run: HarnessRun, kernel: GpuKernelSpec, args: Readonly<Record<string, GpuHandle | number>>) {
  const names = parameterNames(kernel.source);
  const missing = names.filter((n) => !(n in args));
  const extra = Object.keys(args).filter((n) => !names.includes(n));
  if (missing.length || extra.length) {
    throw new Error(`kernel arguments do not match by name: missing [${missing}], extra [${extra}]`);
  }
  const compiled = run.gpu.createKernel(
    kernel.source as never,
    { output: [...kernel.output], constants: kernel.constants ?? {}, precision: 'single', tactic: 'precision' } as never,
  ) as unknown as ((...a: unknown[]) => unknown) & { kernel?: { constructor: { name: string } } };
  const out = compiled(...names.map((n) => args[n]));
  const ran = compiled.kernel?.constructor.name;
  if (KERNEL_CLASS[run.mode] && ran !== KERNEL_CLASS[run.mode]) throw new Error(`asked gpu.js for ${run.mode}, ${ran} ran`);
  return out;
}

/** Plans `layer` (and, through `ctx.child`, its children) with step contexts bound to each layer's own arrays. */
function planOnHarness(run: HarnessRun, layer: Layer, path: string, prefix: string): GpuLayerProgram {
  const executor = layer.plugin.gpu;
  if (!executor) throw new Error(`${path} (${layer.type}) has no gpu executor`);
  const stateHandles: Record<string, GpuHandle> = Object.fromEntries(
    layer.state().map((s) => [s.name, Float32Array.from(s.value)]),
  );
  for (const s of layer.state()) run.state[`${prefix}${s.name}`] = Float32Array.from(s.value);
  const step: GpuStepContext = {
    rows: run.batch,
    training: run.training,
    rng: createRng(run.seed),
    // biome-ignore lint/correctness/useYield: this device finishes every call at once, so nothing is awaited.
    *run(kernel, args) {
      return runKernel(run, kernel, args);
    },
    param: (name) => {
      const p = layer.param(name);
      return toDevice(Float32Array.from(p.value), p.shape);
    },
    setGrad: (name, grad) => {
      run.grads[`${prefix}${name}`] = fromDevice(grad);
    },
    state: (name) => stateHandles[name],
    setState: (name, value) => {
      stateHandles[name] = value;
      run.state[`${prefix}${name}`] = fromDevice(value);
    },
    // biome-ignore lint/correctness/useYield: this device finishes every call at once, so nothing is awaited.
    *upload(values, rows, cols) {
      return toDevice(Float32Array.from(values), [rows, cols]);
    },
  };
  const planCtx: GpuPlanContext = {
    path,
    addFunction: (name, source) => {
      run.gpu.addFunction(source as never, { name } as never);
    },
    child: (child, index) => planOnHarness(run, child, `${path}.body.${index}`, `${prefix}body.${index}.`),
  };
  const program = executor.plan(layer, planCtx);
  if (typeof program === 'string') throw new Error(`the gpu executor of ${path} declined: ${program}`);
  // Each layer sees its own step context, whichever context its parent passes on.
  return {
    forward: (x) => program.forward(x, step),
    backward: (dy, _step, needInputGrad) => program.backward(dy, step, needInputGrad),
  };
}

/**
 * Runs a built layer's gpu executor (and its children's) for one forward + backward on gpu.js `mode`, with minimal
 * step contexts of its own: every `run` compiles the kernel source and binds its arguments by parameter name, so the
 * plugins' plan code itself is exercised, independent of `@rectify/gpu`'s scheduling.
 */
export function runLayerOnGpu(
  option: LayerGpuOption,
  mode: string,
  layer: Layer,
  x: Float32Array,
  batch: number,
  dy: Float32Array,
  training: boolean,
  seed: number,
): GpuLayerRun {
  const GPU = option.GPU as unknown as new (settings: { mode: string }) => GpuJsInstance;
  const gpu = new GPU({ mode });
  try {
    const run: HarnessRun = { gpu, mode, batch, training, seed, grads: {}, state: {} };
    const program = planOnHarness(run, layer, 'layers.0', '');
    const unused = {} as GpuStepContext;
    const y = drive(program.forward(toDevice(x, [batch, x.length / batch]), unused));
    const dx = drive(program.backward(toDevice(dy, [batch, dy.length / batch]), unused, true));
    return { y: fromDevice(y), dx: fromDevice(dx), grads: run.grads, state: run.state };
  } finally {
    gpu.destroy?.();
  }
}
