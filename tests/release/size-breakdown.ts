// Where the README's XOR example's minified bytes come from, by concern: what it runs, and what it carries without
// running it (each group names why it is in the bundle).
import type { MinifiedBundle } from './size';

/** A concern and the modules of core (and relu) that belong to it, matched on their built paths. */
interface Concern {
  readonly name: string;
  readonly modules: RegExp;
}

/**
 * The concerns the XOR example carries but does not run: each is reached through an import the example needs (the
 * `sequential` class, the default registry behind string names, the layer plugins' contract), not through a call.
 * Checked in order; a module matching none is one the example runs.
 */
export const CARRIED: readonly Concern[] = [
  { name: 'worker-thread pool (every core by default, issue #18)', modules: /\/backend\/cpu\/threads\// },
  {
    name: 'gpu executors of the built-in layers and define-time checks of gpu sources (layer and activation contracts)',
    modules: /\/backend\/gpu\/|\/activation\/gpu-source\./,
  },
  { name: 'ONNX import hooks of the built-in layers', modules: /-onnx-import\./ },
  { name: 'the relaxed-SIMD (FMA) matrix kernel', modules: /gemm-fma|relaxed-simd-support|fma-option/ },
  {
    name: 'the default registry: sigmoid, tanh, identity, residual and dropout with their kernels',
    modules: /\/activations\/|vmath|exp-kernel|exp-dispatch|scalar-kernels|residual|dropout/,
  },
  {
    name: "Sequential's other methods: streams, summary, progress, weight I/O, clipping, prediction heads, metrics",
    modules:
      /fit-stream|shuffle-buffer|\/summary\/|\/progress\/|\/weights\/|\/clipping\/|\/predictions\/|\/targets\/|precision-recall|\/metrics\/(regression|classes)|memory-info/,
  },
  {
    name: 'optimizers, initializers and losses that compile() and model JSON resolve by name',
    modules:
      /\/optimizers\/(sgd|from-config)|\/initializers\/(from-config|glorot|lecun|constant)|\/losses\/(softmax-cross-entropy|mse)/,
  },
];

/** What the example runs: every module of the bundle that no carried concern claims. */
export const RUNS = 'what the example runs (training loop, layers, CPU backend and its kernels, adam, relu, checks)';

/** The bundle's input bytes per concern (the carried ones in order, then {@link RUNS}). */
export function breakdown(bundle: MinifiedBundle): Map<string, number> {
  const bytes = new Map<string, number>([...CARRIED.map((c) => [c.name, 0] as [string, number]), [RUNS, 0]]);
  for (const [path, n] of bundle.inputs) {
    const concern = CARRIED.find((c) => c.modules.test(path))?.name ?? RUNS;
    bytes.set(concern, (bytes.get(concern) ?? 0) + n);
  }
  return bytes;
}
