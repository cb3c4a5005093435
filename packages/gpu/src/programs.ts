import type { Device, KernelSpec } from './device';
import type { Program } from './driver';
import type { Handle, KernelFn } from './gpujs';
import { bindArgs } from './bind';

/** Runs one kernel inside a program; the result is a new handle. */
export function* call(k: KernelFn, args: readonly unknown[]): Program<Handle> {
  return yield { run: k, args };
}

/** Runs the kernel of `spec` (built once per spec) with arguments bound to its parameters by name. */
export function* run(device: Device, spec: KernelSpec, args: Readonly<Record<string, unknown>>, where: string): Program<Handle> {
  return yield* call(device.kernel(spec), bindArgs(spec.source, args, where));
}

/** Uploads a host array (`cols` 0 for 1-D) inside a program; counted as one transfer to the device. */
export function* upload(device: Device, data: Float32Array, rows: number, cols: number): Program<Handle> {
  const { run, args } = device.uploadArgs(data, rows, cols);
  return yield { run, args, upload: true };
}

/** Reads a handle back into `into` inside a program; counted as one transfer to the host. */
export function* read(h: Handle, into: Float32Array): Program<void> {
  yield { read: h, into };
}
