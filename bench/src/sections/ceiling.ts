import { availableParallelism } from 'node:os';
import type { RunResults } from '../context';
import { num, table } from '../table';
import { peakGflops, peakModule } from '../wasm-peak';

const percent = (part: number | undefined, whole: number | undefined) =>
  part === undefined || whole === undefined ? 'n/a' : `${Math.round((100 * part) / whole)} %`;

/**
 * How much float32 arithmetic this engine's WebAssembly can do here at most (f32x4 multiply-adds on registers, one
 * core and every core at once), and what share of it the matrix section's contenders reach on the 128×784·784×256
 * product: the ceiling the CPU backend's speed targets are measured against. Runs after the matmul section (reads its
 * `mm.ab.*` metrics).
 */
export async function ceilingSection(results: RunResults): Promise<void> {
  const cores = availableParallelism();
  const plain = await peakModule(false);
  const fused = await peakModule(true);
  const perCore = plain && (await peakGflops(plain, 1));
  const allCores = plain && (await peakGflops(plain, cores));
  const fusedPerCore = fused && (await peakGflops(fused, 1));
  if (perCore) results.metrics.set('peak.core', perCore);
  if (allCores) results.metrics.set('peak.all', allCores);
  if (fusedPerCore) results.metrics.set('peak.fused.core', fusedPerCore);

  const t = table('WebAssembly SIMD ceiling on this machine (GFLOP/s; higher is better)', [
    'what',
    'GFLOP/s',
    'share of the one-core peak',
    `share of the ${cores}-core peak`,
  ]);
  t.rows.push(['peak, one core: f32x4 multiply + add on registers', num(perCore), '100 %', '']);
  t.rows.push([
    'peak, one core: f32x4.relaxed_madd (fused) on registers',
    fused ? num(fusedPerCore) : 'n/a: this engine has no relaxed SIMD',
    percent(fusedPerCore, perCore),
    '',
  ]);
  t.rows.push([`peak, ${cores} cores at once (one worker thread each)`, num(allCores), '', '100 %']);
  const contenders: [string, string, boolean][] = [
    ['ours', 'ours: A·B (x·W), one thread', false],
    ['tfjs-wasm', 'tfjs-wasm (XNNPACK): A·B, one thread', false],
    ['onnxruntime', `onnxruntime (native AVX kernels): A·B, ${cores} threads`, true],
  ];
  for (const [who, label, everyCore] of contenders) {
    const g = results.metrics.get(`mm.ab.${who}`);
    t.rows.push([label, num(g), everyCore ? '' : percent(g, perCore), everyCore ? percent(g, allCores) : '']);
  }
  t.notes.push(
    'The peak: 12 independent f32x4 accumulators updated by multiply-adds in registers, no memory traffic; each call ~2.5·10⁸ flops, median call over 0.5 s per thread; the threads start together at a barrier.',
    'WebAssembly SIMD is 128 bits wide; onnxruntime runs native kernels on the CPU’s widest vectors (AVX2/AVX-512), which WebAssembly cannot express, so its rate may exceed the WebAssembly peak.',
  );
  results.tables.push(t);
}
