import type { Backend } from '@rectify/core';
import { cpuBackend } from '@rectify/core';
import type { BackendSpec } from '../state/types';

/**
 * The backend a state asks for. The gpu package is loaded only when asked for, so the CPU page never pays for
 * gpu.js; its report says which mode really runs and every fallback.
 */
export async function makeBackend(spec: BackendSpec): Promise<Backend> {
  if (spec.kind === 'cpu') return cpuBackend();
  const { gpuBackend, GPU_MODES } = await import('@rectify/gpu');
  const mode = GPU_MODES.find((m) => m === spec.gpuMode) ?? 'auto';
  // If the device fails mid-run, go on from the last synced weights on the CPU; the report says so.
  return gpuBackend({ mode, onLost: 'cpu' });
}
