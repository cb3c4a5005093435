import type { GpuOption } from '@rectify/testkit';

/**
 * gpu.js's `GPU` class, or `undefined` when gpu.js is not installed. Any other failure to load it (a broken native
 * build, say) is thrown, so only a missing package can turn the gpu check into a skip. The specifier is a variable so
 * that `tsc` passes in a copy without gpu.js.
 */
export async function optionalGpuJs(): Promise<GpuOption['GPU'] | undefined> {
  const specifier = 'gpu.js';
  try {
    const gpuJs = (await import(specifier)) as { GPU?: GpuOption['GPU']; default?: { GPU?: GpuOption['GPU'] } };
    return gpuJs.GPU ?? gpuJs.default?.GPU;
  } catch (error) {
    if (isMissingPackage(error, specifier)) return undefined;
    throw error;
  }
}

function isMissingPackage(error: unknown, specifier: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const missingCode = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  return (
    (missingCode || /cannot find (package|module)|failed to load url/i.test(String(message))) &&
    String(message).includes(specifier)
  );
}
