import { fileURLToPath } from 'node:url';
import { firstLine, runChildJson } from '../child-json';
import type { RunOptions, RunResults } from '../context';
import { table } from '../table';

const CHILD = fileURLToPath(new URL('../model-memory-child.ts', import.meta.url));

interface ChildReport {
  params: number;
  state: number;
  heapUsed?: number;
  heapReserved?: number;
  scratch?: number;
  tensors?: number;
  arrayBuffers: number;
  external: number;
}

const MODELS: readonly [string, string][] = [
  ['mlp', 'ours: MLP 784-256-128-10, batch 128, SGD'],
  ['tfjs-mlp', 'tfjs-wasm: the same MLP'],
  ['lenet', 'ours: LeNet-5, batch 32, SGD with momentum'],
  ['rnn', 'ours: SimpleRNN(128) + dense(10) on 28×28 rows, batch 32, SGD'],
];

const kb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024).toFixed(0)} KB`);

/**
 * Memory per model (issue #18): each model is built, trained 20 steps and run forward in a Node process of its own,
 * and the section reports what it holds — JavaScript ArrayBuffers (parameters, gradients, optimizer state) and
 * external memory (WebAssembly memories: the kernel heap's layer buffers, the kernels' scratch) after a full
 * collection — against the bytes of its parameters, with core's own accounting (`cpuMemoryInfo()`).
 */
export function modelMemorySection(_options: RunOptions, results: RunResults): void {
  const t = table('Memory per model, each in a process of its own (after 20 training steps and a forward pass)', [
    'model',
    'parameters',
    'optimizer state',
    'layer buffers (kernel heap, handed out)',
    'kernel heap reserved',
    'kernel scratch',
    'Δ ArrayBuffers',
    'Δ external (WebAssembly)',
    'held ÷ parameters',
  ]);
  for (const [which, label] of MODELS) {
    let r: ChildReport;
    try {
      r = runChildJson<ChildReport>(process.execPath, CHILD, [which]);
    } catch (e) {
      t.notes.push(`${label}: not measured: ${firstLine(e)}`);
      continue;
    }
    const held = r.arrayBuffers + r.external;
    t.rows.push([
      label,
      kb(r.params),
      kb(r.state),
      which === 'tfjs-mlp' ? `${kb(r.tensors)} (tf.memory(): all tensors)` : kb(r.heapUsed),
      kb(r.heapReserved),
      kb(r.scratch),
      kb(r.arrayBuffers),
      kb(r.external),
      which === 'tfjs-mlp' ? 'n/a' : `${(held / r.params).toFixed(1)}×`,
    ]);
    results.metrics.set(`modelMemory.${which}.held`, held);
  }
  t.notes.push(
    'Parameters, gradients and optimizer state are JavaScript Float32Arrays (Δ ArrayBuffers); layer outputs and gradients live in the kernel heap, WebAssembly memory reserved in chunks of 4, 8, then 16 MiB shared by every model of the process (a lone small model pays the first 4 MiB chunk); the kernel memories of the conv layers count in Δ external only; the kernel scratch memories (matrix products incl. the thread pool, element-wise math) are shared too and grow to the largest call. Δ external counts the WebAssembly memories. tfjs-wasm keeps its tensors in a WebAssembly heap allocated when the backend starts, so its Δs are ~0: its row gives tf.memory().numBytes instead.',
  );
  results.tables.push(t);
}
