import { Worker } from 'node:worker_threads';
import wabtInit from 'wabt';

/** The engine's WebAssembly (the bench's types are Node's, which do not declare it). */
const engine = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;

/** Independent f32x4 accumulators: enough to cover the latency of an add (or a fused multiply-add) on any core. */
const ACCUMULATORS = 12;
/** Multiply-adds per accumulator per loop iteration: the loop's own cost stays under 1 % of it. */
const UNROLL = 4;
/** Loop iterations per timed call (~2.5 · 10⁸ flops: tens of milliseconds). */
const ITERATIONS = 320_000;
const FLOPS_PER_CALL = ITERATIONS * UNROLL * ACCUMULATORS * 8;

/**
 * The text of a module whose `run(n)` does n iterations of UNROLL·ACCUMULATORS f32x4 multiply-adds on registers only
 * (no memory traffic, no dependency between accumulators): the most float32 arithmetic this engine's WebAssembly can
 * issue per second on one core. `fused`: one `f32x4.relaxed_madd` per multiply-add instead of a multiply and an add.
 */
function peakWat(fused: boolean): string {
  const steps: string[] = [];
  for (let u = 0; u < UNROLL; u++)
    for (let i = 0; i < ACCUMULATORS; i++)
      steps.push(
        fused
          ? `(local.set $c${i} (f32x4.relaxed_madd (local.get $x) (local.get $y${i % 3}) (local.get $c${i})))`
          : `(local.set $c${i} (f32x4.add (local.get $c${i}) (f32x4.mul (local.get $x) (local.get $y${i % 3}))))`,
      );
  const accs = Array.from({ length: ACCUMULATORS }, (_, i) => `(local $c${i} v128)`).join(' ');
  // The sum of the accumulators is returned so that no engine can drop the loop as dead code.
  const sum = Array.from({ length: ACCUMULATORS }, (_, i) => `(local.get $c${i})`).reduce((a, b) => `(f32x4.add ${a} ${b})`);
  return `(module
  (func (export "run") (param $n i32) (result f32) ${accs} (local $x v128) (local $y0 v128) (local $y1 v128) (local $y2 v128)
    (local.set $x (f32x4.splat (f32.const 0.999)))
    (local.set $y0 (f32x4.splat (f32.const 0.001)))
    (local.set $y1 (f32x4.splat (f32.const 0.002)))
    (local.set $y2 (f32x4.splat (f32.const 0.003)))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      ${steps.join('\n      ')}
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (f32x4.extract_lane 0 ${sum})))`;
}

/** The peak module's bytes, or undefined when this engine cannot compile it (no SIMD, or no relaxed SIMD for `fused`). */
export async function peakModule(fused: boolean): Promise<Uint8Array | undefined> {
  const wabt = await wabtInit();
  const mod = wabt.parseWat('peak.wat', peakWat(fused), { simd: true, relaxed_simd: fused });
  const { buffer } = mod.toBinary({});
  mod.destroy();
  return engine.validate(buffer) ? buffer : undefined;
}

// Runs in each worker: compile, warm up, meet the others at the barrier, then time calls for ~0.5 s.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { bytes, barrier, workers, iterations, flops } = workerData;
const run = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.run;
for (let i = 0; i < 8; i++) run(iterations);
const b = new Int32Array(barrier);
Atomics.add(b, 0, 1);
while (Atomics.load(b, 0) < workers) {}
const rates = [];
const end = performance.now() + 500;
while (performance.now() < end) {
  const t = performance.now();
  run(iterations);
  rates.push(flops / (performance.now() - t) / 1e6);
}
rates.sort((x, y) => x - y);
parentPort.postMessage(rates[rates.length >> 1]);
`;

/**
 * GFLOP/s of the peak module on `threads` cores at once (worker threads that start their timed calls together):
 * the median call's rate of each thread, summed.
 */
export async function peakGflops(bytes: Uint8Array, threads: number): Promise<number> {
  const barrier = new SharedArrayBuffer(4);
  const rates = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<number>((resolve, reject) => {
          const w = new Worker(WORKER, {
            eval: true,
            workerData: { bytes, barrier, workers: threads, iterations: ITERATIONS, flops: FLOPS_PER_CALL },
          });
          w.once('message', (rate: number) => {
            resolve(rate);
            void w.terminate();
          });
          w.once('error', reject);
        }),
    ),
  );
  return rates.reduce((a, b) => a + b, 0);
}
