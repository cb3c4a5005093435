import type { RunOptions, RunResults } from '../context';
import { tf, useTfBackend } from '../contenders/tfjs';
import { uniformArray } from '../data';
import { type AuthorActivation, type BenchActivation, kernelContext } from '../plugins';
import { num, ratio, table } from '../table';
import { measureSync } from '../timing';
import { KernelArena } from '@rectify/core';

type TfTensor = tf.Tensor;

function tfForward(act: BenchActivation, x: TfTensor, alpha: TfTensor): TfTensor {
  switch (act.tfOp) {
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, 0.01);
    case 'prelu':
      return tf.prelu(x, alpha);
    case 'elu':
      return tf.elu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
  }
}

/** Times tfjs forward and gradient (dx, and dα for prelu as ours computes both) on the active tfjs backend. */
function tfCase(act: BenchActivation, xs: Float32Array, dys: Float32Array, big: boolean) {
  const x = tf.tensor1d(xs);
  const dy = tf.tensor1d(dys);
  const alpha = tf.scalar(0.25);
  const opts = big ? { warmup: 1, minSamples: 3, minTimeMs: 0 } : { warmup: 2, minSamples: 5, minTimeMs: 300 };
  try {
    const fwd = measureSync(() => tf.tidy(() => tfForward(act, x, alpha)).dispose(), opts);
    let bwd: number | undefined;
    try {
      const g =
        act.tfOp === 'prelu'
          ? tf.grads((a: TfTensor, b: TfTensor) => tf.prelu(a, b))
          : tf.grads((a: TfTensor) => tfForward(act, a, alpha));
      const inputs = act.tfOp === 'prelu' ? [x, alpha] : [x];
      bwd = measureSync(() => {
        for (const t of g(inputs, dy)) t.dispose();
      }, opts).medianMs;
    } catch {
      bwd = undefined;
    }
    return { fwd: fwd.medianMs, bwd };
  } catch {
    return { fwd: undefined, bwd: undefined };
  } finally {
    x.dispose();
    dy.dispose();
    alpha.dispose();
  }
}

/**
 * Section 1: every activation's forward and backward on 2^20 and 2^24 float32 elements, against the memory limits
 * (Float32Array.set, a JS copy loop) and TensorFlow.js (cpu and wasm backends).
 */
export async function activationSection(
  acts: BenchActivation[],
  authors: readonly AuthorActivation[],
  options: RunOptions,
  results: RunResults,
): Promise<void> {
  const sizes = options.quick ? [20] : [20, 24];
  for (const log2 of sizes) {
    const n = 2 ** log2;
    const big = log2 >= 24;
    const opts = big ? { warmup: 2, minSamples: 5, minTimeMs: 500 } : { warmup: 5, minSamples: 15, minTimeMs: 400 };
    const x = uniformArray(n, 1);
    const dy = uniformArray(n, 2);
    const y = new Float32Array(n);
    const dx = new Float32Array(n);
    const t = table(`Activations on 2^${log2} float32 elements (ns/element, median)`, [
      'activation',
      'pass',
      'ours ns/el',
      'ours, plain arrays',
      'ours GB/s',
      'tfjs-cpu',
      'tfjs-wasm',
      'ours ÷ copy loop',
      'tfjs-cpu ÷ ours',
      'tfjs-wasm ÷ ours',
    ]);
    const perEl = (ms: number | undefined) => (ms === undefined ? undefined : (ms * 1e6) / n);
    const setMs = measureSync(() => y.set(x), opts).medianMs;
    const loopMs = measureSync(() => {
      for (let i = 0; i < n; i++) y[i] = x[i];
    }, opts).medianMs;
    const copyLoop = perEl(loopMs) as number;
    results.metrics.set(`copy.set.${log2}`, perEl(setMs) as number);
    results.metrics.set(`copy.loop.${log2}`, copyLoop);
    t.rows.push([
      'Float32Array.set',
      'copy',
      num(perEl(setMs)),
      '',
      num((8 * n) / setMs / 1e6),
      '',
      '',
      ratio(perEl(setMs), copyLoop),
      '',
      '',
    ]);
    t.rows.push(['JS copy loop', 'copy', num(copyLoop), '', num((8 * n) / loopMs / 1e6), '', '', '1.00×', '', '']);

    // The CPU backend's layer buffers live in WebAssembly memory (allocKernelFloats), where the kernels run in
    // place; the same arrays as plain Float32Arrays show what a copy in and out of kernel memory costs.
    const arena = new KernelArena(4 * n);
    const [xa, ya, dya, dxa] = [arena.alloc(n), arena.alloc(n), arena.alloc(n), arena.alloc(n)];
    xa.set(x);
    dya.set(dy);
    const ours = new Map<string, { fwd: number; bwd: number; plainFwd: number; plainBwd: number }>();
    for (const act of [...acts, ...authors]) {
      const ctx = kernelContext(act.plugin, n);
      const k = act.plugin.cpu;
      const fwd = measureSync(() => k.forward(xa, ya, ctx), opts).medianMs;
      const bwd = measureSync(() => k.backward(xa, ya, dya, dxa, ctx), opts).medianMs;
      const plainFwd = measureSync(() => k.forward(x, y, ctx), opts).medianMs;
      const plainBwd = measureSync(() => k.backward(x, y, dy, dx, ctx), opts).medianMs;
      ours.set(act.name, { fwd, bwd, plainFwd, plainBwd });
    }
    const tfTimes = new Map<string, { fwd?: number; bwd?: number }>();
    for (const backend of ['cpu', 'wasm'] as const) {
      await useTfBackend(backend);
      for (const act of acts) tfTimes.set(`${backend}.${act.name}`, tfCase(act, x, dy, big));
    }
    for (const act of acts) {
      const o = ours.get(act.name) as { fwd: number; bwd: number; plainFwd: number; plainBwd: number };
      for (const pass of ['fwd', 'bwd'] as const) {
        const ms = o[pass];
        const el = perEl(ms) as number;
        const plain = perEl(pass === 'fwd' ? o.plainFwd : o.plainBwd) as number;
        results.metrics.set(`act.${act.name}.${pass}.${log2}.plain`, plain);
        const bytes = (pass === 'fwd' ? 8 : 12) * n;
        const tc = perEl(tfTimes.get(`cpu.${act.name}`)?.[pass]);
        const tw = perEl(tfTimes.get(`wasm.${act.name}`)?.[pass]);
        results.metrics.set(`act.${act.name}.${pass}.${log2}.ours`, el);
        if (tc !== undefined) results.metrics.set(`act.${act.name}.${pass}.${log2}.tfcpu`, tc);
        if (tw !== undefined) results.metrics.set(`act.${act.name}.${pass}.${log2}.tfwasm`, tw);
        t.rows.push([
          act.name,
          pass === 'fwd' ? 'forward' : 'backward',
          num(el),
          num(plain),
          num(bytes / ms / 1e6),
          num(tc),
          num(tw),
          ratio(el, copyLoop),
          ratio(tc, el),
          ratio(tw, el),
        ]);
      }
    }
    const elu = ours.get('elu');
    for (const act of authors) {
      const o = ours.get(act.name) as { fwd: number; bwd: number; plainFwd: number; plainBwd: number };
      for (const pass of ['fwd', 'bwd'] as const) {
        const el = perEl(o[pass]) as number;
        results.metrics.set(`act.${act.name}.${pass}.${log2}.ours`, el);
        const plain = perEl(pass === 'fwd' ? o.plainFwd : o.plainBwd);
        t.rows.push([
          act.name,
          pass === 'fwd' ? 'forward' : 'backward',
          num(el),
          num(plain),
          '',
          '',
          '',
          ratio(el, copyLoop),
          '',
          '',
        ]);
      }
      if (elu) {
        const vsElu = (o.fwd + o.bwd) / (elu.fwd + elu.bwd);
        results.metrics.set(`act.${act.name}.vs-elu.${log2}`, vsElu);
        t.notes.push(`${act.name}: forward + backward take ${vsElu.toFixed(2)}× ELU's (the issue's target: ≤ 2×).`);
      }
    }
    t.notes.push(
      "swish (example): examples/third-party-plugin, a plugin written on core's public vector math (one shared β: the fused swishF32Into and swishGradF32Into blocks on kernel memory); TensorFlow.js has no op with a learnable β to compare with.",
      'ours: input and output arrays in one KernelArena (WebAssembly memory), where the CPU backend keeps its layer buffers (allocKernelFloats) and the kernels run in place; "ours, plain arrays": the same call on ordinary Float32Arrays, which adds a copy into kernel memory and back.',
      'GB/s counts 8 bytes per element forward (read x, write y) and 12 backward (read x and dy, write dx).',
      'tfjs times include allocating the output tensor (tfjs has no in-place kernels); its gradient is tf.grads of the op with the given dy (prelu: dx and dα, as ours).',
    );
    results.tables.push(t);
  }
}
