import { ResultBuilder } from '../../result';
import type { CheckResult } from '../../types';
import type { LayerConformanceOptions, LayerSubject } from '../contract';
import { CALL_SEED, layerCase } from '../inputs';

const WARMUP = 10;
const MAX_ARRAY_BUFFER_GROWTH = 1 << 20;

function arrayBuffers(): number | undefined {
  const proc = (globalThis as { process?: { memoryUsage?: () => { arrayBuffers: number } } }).process;
  return proc?.memoryUsage?.().arrayBuffers;
}

/**
 * No per-call allocation: at a fixed batch size, forward and backward return the same buffers call after call, and
 * over `allocationCalls` training steps on a 512-sample batch `process.memoryUsage().arrayBuffers` grows by less than
 * 1 MiB (Node only; elsewhere only buffer reuse is checked).
 */
export function checkLayerNoAllocation(subject: LayerSubject, options: LayerConformanceOptions = {}): CheckResult {
  const r = new ResultBuilder('allocation');
  try {
    const layer = subject.create(1);
    const { x, dy, batch } = layerCase(subject, layer, options, 512, 9);
    for (const training of [true, false]) {
      const mode = training ? 'training' : 'inference';
      const y0 = layer.forward(x, batch, training, CALL_SEED);
      const dx0 = layer.backward(dy);
      for (let i = 0; i < WARMUP; i++) {
        layer.forward(x, batch, training, CALL_SEED);
        layer.backward(dy);
      }
      const before = arrayBuffers();
      let peak = 0;
      let sameY = true;
      let sameDx = true;
      const calls = options.allocationCalls ?? 200;
      for (let i = 0; i < calls; i++) {
        sameY &&= layer.forward(x, batch, training, CALL_SEED) === y0;
        sameDx &&= layer.backward(dy) === dx0;
        const now = arrayBuffers();
        if (before !== undefined && now !== undefined) peak = Math.max(peak, now - before);
      }
      r.expect(sameY, () => `${mode} forward returned a new output array on a later call of the same batch size`);
      r.expect(sameDx, () => `${mode} backward returned a new input-gradient array on a later call`);
      if (before === undefined) r.note('arrayBuffers not measured: process.memoryUsage is unavailable here');
      else {
        r.expect(
          peak < MAX_ARRAY_BUFFER_GROWTH,
          () => `${mode}: ArrayBuffer memory grew by ${peak} bytes over ${calls} forward+backward calls`,
        );
      }
    }
  } catch (e) {
    r.fail(`threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  return r.done();
}
