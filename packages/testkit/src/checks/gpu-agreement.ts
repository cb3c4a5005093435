import { type ActivationPlugin, createRng } from '@rectify/core';
import { buildCases, type ConformanceCase, learnableAt, runBackward, slotOf } from '../cases';
import { upstream } from '../inputs';
import { guarded, type ResultBuilder } from '../result';
import { fmt, within } from '../tolerance';
import type { CheckResult, ConformanceOptions, GpuJsInstance, GpuOption, Tolerance } from '../types';
import { countSubnormals, flushesSubnormals, flushSubnormals } from './subnormal-flush';

type ElementFn = (...args: number[]) => number;

function createGpu(option: GpuOption): GpuJsInstance {
  if (option.create) return option.create();
  if (option.GPU) {
    const GPU = option.GPU as unknown as new (settings: { mode?: string }) => GpuJsInstance;
    return new GPU(option.mode ? { mode: option.mode } : {});
  }
  throw new Error('options.gpu needs either `GPU` (the class exported by gpu.js) or `create` (a factory)');
}

/**
 * Compiles `fn` with gpu.js inside a one-line kernel `fn(a0[this.thread.x], …)` where every argument is given per
 * element (hyper-parameters broadcast, learnable values of the element's channel) and returns its output.
 */
function runOnGpu(
  option: GpuOption,
  fn: ElementFn,
  helpers: readonly ElementFn[],
  args: readonly Float32Array[],
  n: number,
): Float32Array {
  const gpu = createGpu(option);
  try {
    for (const helper of helpers) gpu.addFunction(helper as never);
    gpu.addFunction(fn as never);
    const names = args.map((_, k) => `rtkArg${k}`);
    const body = `return ${fn.name}(${names.map((a) => `${a}[this.thread.x]`).join(', ')});`;
    const wrapper = new Function(...names, body) as (...a: never[]) => unknown;
    const kernel = gpu.createKernel(wrapper as never, { output: [n], precision: 'single' } as never);
    const out = (kernel as unknown as (...a: unknown[]) => unknown)(...args);
    kernel.destroy?.();
    return Float32Array.from(out as ArrayLike<number>);
  } finally {
    gpu.destroy?.();
  }
}

/** Whether the mode of `option` flushes float32 subnormals to zero (probed on a throwaway instance). */
function modeFlushesSubnormals(option: GpuOption): boolean {
  const gpu = createGpu(option);
  try {
    return flushesSubnormals(gpu);
  } finally {
    gpu.destroy?.();
  }
}

/** Finite inputs for the GPU comparison: signed zero, subnormal, small, moderate, large and seeded normals. */
function gpuInputs(c: ConformanceCase, seed: number): Float32Array {
  const rng = createRng(seed);
  const edges = [0, 1e-40, -1e-40, 1e-3, -1e-3, 0.5, -0.5, 10, -10, 50, -50];
  const n = Math.max(64, Math.ceil((edges.length + 32) / (c.channels * c.inner)) * c.channels * c.inner);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = i < edges.length ? edges[i] : 3 * rng.normal();
  return x;
}

/**
 * When `options.gpu` is given: the plugin's gpu.js functions, compiled by gpu.js in the given mode, agree with its
 * CPU kernels to float32 tolerance (`forward`, `backward`, and each `paramGrads` summed per channel). The testkit
 * does not depend on gpu.js; the caller passes it.
 *
 * Subnormal inputs (±1e−40) are compared too. A mode that flushes float32 subnormals to zero (Mesa's GL does; the
 * check probes it) is held to that known property, not let off with a looser tolerance: its results are compared with
 * the CPU kernels run on the inputs with subnormals flushed to ±0, and the result's notes name the exemption and how
 * many inputs it covered.
 */
export function checkGpuAgreement(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('gpu-agreement', (r) => {
    const option = options.gpu;
    const kernels = plugin.gpu;
    if (!option) throw new Error('pass options.gpu = { GPU, mode } to compare the gpu.js functions');
    if (!kernels) {
      r.fail('the plugin has no gpu kernels to compare; do not pass options.gpu for a CPU-only plugin');
      return;
    }
    const tol: Tolerance = option.tolerance ?? { rtol: 1e-5, atol: 1e-6 };
    const flushes = modeFlushesSubnormals(option);
    let flushedInputs = 0;
    const hyperNames = Object.keys(plugin.params);
    const learnNames = Object.keys(plugin.learnable);
    for (const c of buildCases(plugin, options)) {
      const x = gpuInputs(c, (options.seed ?? 1234) + 6);
      const n = x.length;
      const dy = upstream(createRng((options.seed ?? 1234) + 7), n);
      // A flushing device computes on the inputs with subnormals flushed, so the CPU truth is taken on those.
      const { y, dx, grads } = runBackward(plugin, c, flushes ? flushSubnormals(x) : x, dy);
      if (flushes) flushedInputs += countSubnormals(x);
      const hyperArgs = hyperNames.map((h) => new Float32Array(n).fill(c.hyper[h]));
      const learnArgs = learnNames.map((l) => Float32Array.from({ length: n }, (_, i) => learnableAt(c, i)[l]));
      const tail = [...hyperArgs, ...learnArgs];
      compare(r, c, 'forward', x, runOnGpu(option, kernels.forward, plugin.helpers ?? [], [x, ...tail], n), y, tol);
      compare(r, c, 'backward', x, runOnGpu(option, kernels.backward, plugin.helpers ?? [], [x, y, dy, ...tail], n), dx, tol);
      for (const name of learnNames) {
        const fn = kernels.paramGrads?.[name];
        if (!fn) {
          r.fail(`${c.label}: gpu.paramGrads.${name} is missing`);
          continue;
        }
        const contrib = runOnGpu(option, fn, plugin.helpers ?? [], [x, y, dy, ...tail], n);
        const values = c.learnable[name];
        const sums = new Float64Array(values.length);
        const scale = new Float64Array(values.length);
        for (let i = 0; i < n; i++) {
          sums[slotOf(values, i, c)] += contrib[i];
          scale[slotOf(values, i, c)] += Math.abs(contrib[i]);
        }
        for (let k = 0; k < values.length; k++) {
          r.expect(
            within(grads[name][k], sums[k], tol, scale[k]),
            () =>
              `${c.label}: Σ gpu.paramGrads.${name} for slot ${k} is ${fmt(sums[k])}, the CPU kernel gives ${fmt(grads[name][k])}`,
          );
        }
      }
    }
    if (flushes) {
      r.note(
        `known property of gpu.js mode ${option.mode ?? '(default)'}: it flushes float32 subnormals to zero (2^-70 · 2^-70 gave 0, as on Mesa's GL; docs/numerics.md), so its ${flushedInputs} subnormal inputs were compared with the CPU kernels at ±0`,
      );
    }
  });
}

function compare(
  r: ResultBuilder,
  c: ConformanceCase,
  what: string,
  x: Float32Array,
  gpu: Float32Array,
  cpu: Float32Array,
  tol: Tolerance,
) {
  for (let i = 0; i < x.length; i++) {
    r.expect(
      within(gpu[i], cpu[i], tol),
      () => `${c.label}: gpu.${what} at x=${fmt(x[i])} gives ${fmt(gpu[i])}, the CPU kernel gives ${fmt(cpu[i])}`,
    );
  }
}
