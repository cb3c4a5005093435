import type { Backend } from '@rectify/core';
import { cpuBackend } from '@rectify/core';
import type { BackendSpec } from '../state/types';

/**
 * The backend a state asks for. The gpu package is loaded only when asked for, so the CPU page never pays for
 * gpu.js; its report says which mode really runs and every fallback.
 */
export async function makeBackend(spec: BackendSpec): Promise<Backend> {
  if (spec.kind === 'cpu') return cpuBackend();
  const { gpuBackend } = await import('@rectify/gpu');
  return gpuBackend({ mode: spec.gpuMode } as Parameters<typeof gpuBackend>[0]);
}
