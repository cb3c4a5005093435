import { type Device, flattenInto } from './device';
import type { Handle, KernelFn } from './gpujs';
import { GpuAsyncOnlyError } from './errors';

/** A request from a step program to its driver: run a kernel, or read a handle back into a host array. */
export type Request =
  | { readonly run: KernelFn; readonly args: readonly unknown[]; readonly upload?: boolean }
  | { readonly read: Handle; readonly into: Float32Array };

/** A device program: yields requests, receives kernel results (handles) or nothing for reads. */
export type Program<T> = Generator<Request, T, Handle>;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function readValue(h: Handle): unknown {
  const t = h as { toArray?: () => unknown };
  return typeof t.toArray === 'function' ? t.toArray() : h;
}

/** Runs a program on a synchronous device (GL, webasm, cpu kernels). */
export function runSync<T>(device: Device, program: Program<T>, method: string): T {
  let step = program.next(undefined as Handle);
  while (!step.done) {
    const req = step.value;
    let result: Handle;
    if ('run' in req) {
      result = device.run(req.run, req.args);
      if (isThenable(result)) throw new GpuAsyncOnlyError(method);
      device.track(result);
      if (req.upload) device.transfers.toDevice++;
    } else {
      const value = readValue(req.read);
      if (isThenable(value)) throw new GpuAsyncOnlyError(method);
      device.transfers.toHost++;
      flattenInto(value, req.into);
      result = undefined;
    }
    step = program.next(result);
  }
  return step.value;
}

/** Runs a program on any device, awaiting kernels and read-backs that answer with Promises (webgpu). */
export async function runAsync<T>(device: Device, program: Program<T>): Promise<T> {
  let step = program.next(undefined as Handle);
  while (!step.done) {
    const req = step.value;
    let result: Handle;
    if ('run' in req) {
      result = device.run(req.run, req.args);
      if (isThenable(result)) result = await result;
      device.track(result);
      if (req.upload) device.transfers.toDevice++;
    } else {
      let value = readValue(req.read);
      if (isThenable(value)) value = await value;
      device.transfers.toHost++;
      flattenInto(value, req.into);
      result = undefined;
    }
    step = program.next(result);
  }
  return step.value;
}
