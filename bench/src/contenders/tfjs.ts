import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The TensorFlow.js namespace (umbrella package: registers gradients and the cpu backend). */
export { tf };

const require = createRequire(import.meta.url);

/** What the tfjs-backend-wasm backend runs with in this process. */
export interface TfWasmInfo {
  readonly simd: boolean;
  readonly threads: boolean;
}

let wasmReady: Promise<boolean> | null = null;

/** Points tfjs-backend-wasm at its own dist folder (Node needs it) and initialises it once. */
export function initTfWasm(): Promise<boolean> {
  if (!wasmReady) {
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
    setWasmPaths(`${dist}/`);
    wasmReady = tf.setBackend('wasm');
  }
  return wasmReady;
}

/** Switches the global TensorFlow.js backend (`cpu` or `wasm`) and waits for it. */
export async function useTfBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm') await initTfWasm();
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`TensorFlow.js backend ${name} did not initialise`);
  await tf.ready();
}

/** Whether tfjs-backend-wasm has SIMD and threads here (read after it is initialised). */
export async function tfWasmInfo(): Promise<TfWasmInfo> {
  await initTfWasm();
  return {
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
  };
}

/** Installed versions of the TensorFlow.js packages. */
export function tfVersions(): Record<string, string> {
  const v = (p: string) => (require(`${p}/package.json`) as { version: string }).version;
  return {
    '@tensorflow/tfjs': v('@tensorflow/tfjs'),
    '@tensorflow/tfjs-backend-cpu': v('@tensorflow/tfjs-backend-cpu'),
    '@tensorflow/tfjs-backend-wasm': v('@tensorflow/tfjs-backend-wasm'),
  };
}
