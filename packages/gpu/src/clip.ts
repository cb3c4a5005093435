import type { ResolvedGradClip } from '@rectify/core';
import type { Device } from './device';
import type { Program } from './driver';
import { GpuUnsupportedError } from './errors';
import type { Handle } from './gpujs';
import { addSquaredSum } from './kernels/loss';
import type { SlotOps } from './optimizers';
import type { ParamSlot } from './plan';
import { run } from './programs';

/**
 * Throws a GpuUnsupportedError for clipping the device cannot do: only the 2-norm has kernels (a general p-norm
 * needs `pow`, whose GLSL form is undefined at 0).
 */
export function checkGpuClip(clip: ResolvedGradClip | undefined): void {
  if (clip?.kind === 'norm' && clip.normType !== 2) {
    throw new GpuUnsupportedError(
      `gpu backend: clipGrad normType ${clip.normType} has no kernels; use normType 2, clipGrad: { value }, or cpuBackend()`,
    );
  }
}

function squaredSum(slot: ParamSlot): string {
  const twoD = slot.cols > 0;
  return twoD
    ? 'function (w) { let s = 0; for (let r = 0; r < this.constants.rows; r++) { for (let c = 0; c < this.constants.cols; c++) { s += w[r][c] * w[r][c]; } } return s; }'
    : 'function (w) { let s = 0; for (let i = 0; i < this.constants.cols; i++) { s += w[i] * w[i]; } return s; }';
}

/**
 * Clips the slots' gradients in place on the device, as core's CPU backend does. By norm it returns the handle of
 * the squared global 2-norm before clipping (a one-element array the caller owns), by value null.
 */
export function* clipGradients(
  device: Device,
  slots: readonly ParamSlot[],
  clip: ResolvedGradClip,
  opsFor: (slot: ParamSlot) => SlotOps,
): Program<Handle | null> {
  const live = slots.filter((s) => s.grad !== null);
  if (clip.kind === 'value') {
    for (const s of live) {
      const g = yield* opsFor(s).run('clipValue', { g: s.grad, c: clip.value });
      device.release(s.grad);
      s.grad = g;
    }
    return null;
  }
  let sq: Handle | null = null;
  for (const s of live) {
    const constants = { rows: s.rows, cols: s.cols > 0 ? s.cols : s.rows };
    const next: Handle = sq
      ? yield* run(
          device,
          { source: addSquaredSum(s.cols > 0), output: [1], constants },
          { a: sq, w: s.grad, scale: 1 },
          'gradient norm',
        )
      : yield* run(device, { source: squaredSum(s), output: [1], constants }, { w: s.grad }, 'gradient norm');
    if (sq) device.release(sq);
    sq = next;
  }
  if (sq === null) return null;
  for (const s of live) {
    const g = yield* opsFor(s).run('clipNorm', { g: s.grad, sq, maxNorm: clip.maxNorm });
    device.release(s.grad);
    s.grad = g;
  }
  return sq;
}
