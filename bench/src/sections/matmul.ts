import { matmul, matmulKernel, matmulTransA, matmulTransB, setMatmulKernel } from '@rectify/core';
import type { RunOptions, RunResults } from '../context';
import { ortSession, ortTensor } from '../contenders/ort';
import { tf, useTfBackend } from '../contenders/tfjs';
import { uniformArray } from '../data';
import { onnxModel } from '../onnx/model';
import { num, ratio, table } from '../table';
import { measure, measureSync } from '../timing';

const M = 128;
const K = 784;
const N = 256;
const FLOPS = 2 * M * K * N;

type Variant = 'ab' | 'atb' | 'abt';
const LABEL: Record<Variant, string> = { ab: 'A·B (x·W)', atb: 'Aᵀ·B (xᵀ·dy)', abt: 'A·Bᵀ (dy·Wᵀ)' };

/**
 * Section 2: the three products of a dense layer at 128×784 × 784×256 (x·W forward, xᵀ·dy kernel gradient,
 * dy·Wᵀ input gradient), GFLOP/s.
 */
export async function matmulSection(_options: RunOptions, results: RunResults): Promise<void> {
  const x = uniformArray(M * K, 3);
  const w = uniformArray(K * N, 4);
  const dy = uniformArray(M * N, 5);
  const y = new Float32Array(M * N);
  const gw = new Float32Array(K * N);
  const dx = new Float32Array(M * K);
  const opts = { warmup: 20, minSamples: 20, minTimeMs: 500 };
  const gflops = (ms: number | undefined) => (ms === undefined ? undefined : FLOPS / ms / 1e6);
  const row = new Map<string, Map<Variant, number | undefined>>();
  const put = (who: string, v: Variant, ms: number | undefined) => {
    if (!row.has(who)) row.set(who, new Map());
    row.get(who)?.set(v, gflops(ms));
  };

  const ours: Record<Variant, () => void> = {
    ab: () => matmul(x, w, y, M, K, N),
    atb: () => matmulTransA(x, dy, gw, M, K, N),
    abt: () => matmulTransB(dy, w, dx, M, N, K),
  };
  results.facts.set('ours matmul kernel', matmulKernel());
  for (const v of ['ab', 'atb', 'abt'] as Variant[]) put('ours', v, measureSync(ours[v], opts).medianMs);
  setMatmulKernel('js');
  for (const v of ['ab', 'atb', 'abt'] as Variant[])
    put('ours (JS fallback)', v, measureSync(ours[v], { warmup: 2, minSamples: 5 }).medianMs);
  setMatmulKernel('auto');

  for (const backend of ['cpu', 'wasm'] as const) {
    await useTfBackend(backend);
    const tx = tf.tensor2d(x, [M, K]);
    const tw = tf.tensor2d(w, [K, N]);
    const tdy = tf.tensor2d(dy, [M, N]);
    const fns: Record<Variant, () => void> = {
      ab: () => tf.matMul(tx, tw).dispose(),
      atb: () => tf.matMul(tx, tdy, true, false).dispose(),
      abt: () => tf.matMul(tdy, tw, false, true).dispose(),
    };
    const o = backend === 'cpu' ? { warmup: 2, minSamples: 5 } : opts;
    for (const v of ['ab', 'atb', 'abt'] as Variant[]) put(`tfjs-${backend}`, v, measureSync(fns[v], o).medianMs);
    tx.dispose();
    tw.dispose();
    tdy.dispose();
  }

  const models: Record<Variant, Uint8Array> = {
    ab: onnxModel({
      nodes: [{ op: 'MatMul', inputs: ['A', 'B'], outputs: ['C'] }],
      inputs: [
        { name: 'A', shape: [M, K] },
        { name: 'B', shape: [K, N] },
      ],
      outputs: [{ name: 'C', shape: [M, N] }],
    }),
    atb: onnxModel({
      nodes: [{ op: 'Gemm', inputs: ['A', 'B'], outputs: ['C'], ints: { transA: 1 } }],
      inputs: [
        { name: 'A', shape: [M, K] },
        { name: 'B', shape: [M, N] },
      ],
      outputs: [{ name: 'C', shape: [K, N] }],
    }),
    abt: onnxModel({
      nodes: [{ op: 'Gemm', inputs: ['A', 'B'], outputs: ['C'], ints: { transB: 1 } }],
      inputs: [
        { name: 'A', shape: [M, N] },
        { name: 'B', shape: [K, N] },
      ],
      outputs: [{ name: 'C', shape: [M, K] }],
    }),
  };
  const feeds: Record<Variant, Record<string, ReturnType<typeof ortTensor>>> = {
    ab: { A: ortTensor(x, [M, K]), B: ortTensor(w, [K, N]) },
    atb: { A: ortTensor(x, [M, K]), B: ortTensor(dy, [M, N]) },
    abt: { A: ortTensor(dy, [M, N]), B: ortTensor(w, [K, N]) },
  };
  for (const v of ['ab', 'atb', 'abt'] as Variant[]) {
    const s = await ortSession(models[v]);
    put('onnxruntime', v, (await measure(() => s.run(feeds[v]), opts)).medianMs);
    await s.release();
  }

  const t = table(`Dense-layer matrix products, ${M}×${K} · ${K}×${N} (GFLOP/s, median; higher is better)`, [
    'contender',
    LABEL.ab,
    LABEL.atb,
    LABEL.abt,
    'ours ÷ it (A·B)',
    'ours ÷ it (Aᵀ·B)',
    'ours ÷ it (A·Bᵀ)',
  ]);
  const o = row.get('ours') as Map<Variant, number | undefined>;
  for (const [who, r] of row) {
    for (const v of ['ab', 'atb', 'abt'] as Variant[]) {
      const g = r.get(v);
      if (g !== undefined) results.metrics.set(`mm.${v}.${who}`, g);
    }
    t.rows.push([
      who,
      num(r.get('ab')),
      num(r.get('atb')),
      num(r.get('abt')),
      ...(['ab', 'atb', 'abt'] as Variant[]).map((v) => (who === 'ours' ? '' : ratio(o.get(v), r.get(v)))),
    ]);
  }
  t.notes.push(
    `ours = ${matmulKernel()} kernel, single-threaded, including the copies of the operands into wasm memory and of the result out.`,
    'onnxruntime uses its default intra-op thread pool (all cores); tfjs-wasm runs single-threaded in Node.',
  );
  results.tables.push(t);
}
