import type { Device } from './device';
import type { Program } from './driver';
import { GpuUnavailableError } from './errors';
import { isNaNTest } from './kernels/nan-test';
import { call, read, upload } from './programs';

const PRECISION_PROBE = 'function (a, e) { return a[0] + e; }';
const NAN_PROBE = `function (a) { const v = a[1]; return ${isNaNTest('v')} ? 1 : 0; }`;
const EPS_PROBE = 2 ** -20;

function detectTextureLimit(device: Device): void {
  const gl = device.gpu.context as { getParameter?: (p: number) => number; MAX_TEXTURE_SIZE?: number } | null;
  if (gl && typeof gl.getParameter === 'function' && gl.MAX_TEXTURE_SIZE !== undefined) {
    const max = gl.getParameter(gl.MAX_TEXTURE_SIZE);
    if (max > 0) device.maxTextureSize = Math.min(device.maxTextureSize, max);
  }
}

/**
 * Checks that the device computes in single precision (throws a GpuUnavailableError otherwise), reads its texture
 * limit, and returns whether its kernels can detect NaN.
 */
export function* checkDevice(d: Device): Program<boolean> {
  const probeBuf = new Float32Array(1);
  const a = yield* upload(d, new Float32Array([1, Number.NaN]), 2, 0);
  const p = yield* call(d.kernel({ source: PRECISION_PROBE, output: [1] }), [a, EPS_PROBE]);
  yield* read(p, probeBuf);
  if (probeBuf[0] !== Math.fround(1 + EPS_PROBE)) {
    throw new GpuUnavailableError(
      `gpu backend: ${d.mode} does not compute in single precision (1 + 2^-20 came back as ${probeBuf[0]}); this device lacks float32 textures, use another mode or cpuBackend()`,
    );
  }
  const n = yield* call(d.kernel({ source: NAN_PROBE, output: [1] }), [a]);
  yield* read(n, probeBuf);
  d.release(a);
  d.release(p);
  d.release(n);
  detectTextureLimit(d);
  return probeBuf[0] === 1;
}
