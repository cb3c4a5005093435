import type { ActivationPlugin, KernelContext } from '@rectify/core';
import { sigmoid, tanh } from '@rectify/core';

/** An activation under test, with the TensorFlow.js op that computes the same function (when there is one). */
export interface BenchActivation {
  readonly name: string;
  readonly plugin: ActivationPlugin;
  /** Name of the matching tfjs op: `relu`, `leakyRelu` (alpha 0.01), `prelu` (alpha 0.25), `elu`, `sigmoid`, `tanh`. */
  readonly tfOp: 'relu' | 'leakyRelu' | 'prelu' | 'elu' | 'sigmoid' | 'tanh';
  /** ONNX op of the same function with its attributes. */
  readonly onnx: { readonly op: string; readonly alpha?: number; readonly slope?: number };
}

/** Activations whose package could not be loaded yet, with the reason (they are listed in the report). */
export const missingActivations: string[] = [];

async function load(name: string, get: () => Promise<ActivationPlugin>): Promise<ActivationPlugin | null> {
  try {
    const p = await get();
    if (!p || typeof p.cpu?.forward !== 'function') throw new Error('no CPU kernels exported');
    return p;
  } catch (e) {
    missingActivations.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

/** The plugin activations (relu, leaky-relu, prelu, elu) that load, then core's sigmoid and tanh. */
export async function benchActivations(): Promise<BenchActivation[]> {
  const out: BenchActivation[] = [];
  const relu = await load('@rectify/relu', async () => (await import('@rectify/relu')).relu);
  if (relu) out.push({ name: 'relu', plugin: relu, tfOp: 'relu', onnx: { op: 'Relu' } });
  const leaky = await load('@rectify/leaky-relu', async () => (await import('@rectify/leaky-relu')).leakyRelu);
  if (leaky) out.push({ name: 'leaky-relu', plugin: leaky, tfOp: 'leakyRelu', onnx: { op: 'LeakyRelu', alpha: 0.01 } });
  const prelu = await load('@rectify/prelu', async () => (await import('@rectify/prelu')).prelu);
  if (prelu) out.push({ name: 'prelu', plugin: prelu, tfOp: 'prelu', onnx: { op: 'PRelu', slope: 0.25 } });
  const elu = await load('@rectify/elu', async () => (await import('@rectify/elu')).elu);
  if (elu) out.push({ name: 'elu', plugin: elu, tfOp: 'elu', onnx: { op: 'Elu', alpha: 1 } });
  out.push({ name: 'sigmoid', plugin: sigmoid, tfOp: 'sigmoid', onnx: { op: 'Sigmoid' } });
  out.push({ name: 'tanh', plugin: tanh, tfOp: 'tanh', onnx: { op: 'Tanh' } });
  return out;
}

/**
 * The third-party example (examples/third-party-plugin: Swish with a learnable β, written on core's public vector
 * math), timed beside the plugins in the activation tables only; TensorFlow.js has no op to compare it with.
 */
export async function authorActivations(): Promise<AuthorActivation[]> {
  const swish = await load('rectify-plugin-swish', async () => (await import('rectify-plugin-swish')).swish);
  return swish ? [{ name: 'swish (example)', plugin: swish }] : [];
}

/** An activation timed by our kernels only. */
export interface AuthorActivation {
  readonly name: string;
  readonly plugin: ActivationPlugin;
}

/** A kernel context for `length` elements of one channel, with the plugin's learnable parameters at their init. */
export function kernelContext(plugin: ActivationPlugin, length: number): KernelContext {
  const hyper = plugin.resolve();
  const params: Record<string, Float32Array> = {};
  const grads: Record<string, Float32Array> = {};
  for (const [name, spec] of Object.entries(plugin.learnable)) {
    params[name] = new Float32Array(spec.size(hyper)).fill(spec.init(hyper));
    grads[name] = new Float32Array(spec.size(hyper));
  }
  return { length, channels: 1, inner: 1, hyper, params, grads };
}
