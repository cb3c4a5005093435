import { availableParallelism } from 'node:os';
import { BATCH, MLP_SIZES } from './mlp/weights';
import type { BenchActivation } from './plugins';

/** One target of the issue, checked against the numbers of this run. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean | null;
}

/** Checks the performance targets of our CPU backend against the metrics of this run (null: not measured). */
export function checkTargets(m: Map<string, number>, acts: BenchActivation[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  const f = (x: number | undefined, d = 2) => (x === undefined ? 'n/a' : x.toFixed(d));
  for (const log2 of [20, 24]) {
    const loop = m.get(`copy.loop.${log2}`);
    if (loop === undefined) continue;
    let worstCopy = 0;
    let worstCopyName = '';
    let worstTf = Number.POSITIVE_INFINITY;
    let worstTfName = '';
    for (const a of acts) {
      for (const pass of ['fwd', 'bwd']) {
        const ours = m.get(`act.${a.name}.${pass}.${log2}.ours`);
        if (ours === undefined) continue;
        if (ours / loop > worstCopy) {
          worstCopy = ours / loop;
          worstCopyName = `${a.name} ${pass}`;
        }
        const tc = m.get(`act.${a.name}.${pass}.${log2}.tfcpu`);
        if (tc !== undefined && tc / ours < worstTf) {
          worstTf = tc / ours;
          worstTfName = `${a.name} ${pass}`;
        }
      }
    }
    out.push({
      target: `2^${log2}: every activation fwd and bwd within 1.5× of the JS copy loop`,
      measured: `worst ${f(worstCopy)}× (${worstCopyName})`,
      pass: worstCopy <= 1.5,
    });
    out.push({
      target: `2^${log2}: every activation fwd and bwd ≥ 10× faster than tfjs-cpu`,
      measured: Number.isFinite(worstTf) ? `worst ${f(worstTf, 1)}× (${worstTfName})` : 'n/a',
      pass: Number.isFinite(worstTf) ? worstTf >= 10 : null,
    });
  }
  for (const log2 of [20, 24]) {
    const vsElu = m.get(`act.swish (example).vs-elu.${log2}`);
    if (vsElu === undefined) continue;
    out.push({
      target: `2^${log2}: the third-party Swish example's forward + backward ≤ 2× ELU's`,
      measured: `${f(vsElu)}×`,
      pass: vsElu <= 2,
    });
  }
  for (const [v, label] of [
    ['ab', 'A·B'],
    ['atb', 'Aᵀ·B'],
    ['abt', 'A·Bᵀ'],
  ]) {
    const g = m.get(`mm.${v}.ours`);
    out.push({ target: `${label} ≥ 20 GFLOP/s`, measured: `${f(g, 1)} GFLOP/s`, pass: g === undefined ? null : g >= 20 });
  }
  for (const a of acts) {
    const ours = m.get(`step.${a.name}.ours`);
    const tc = m.get(`step.${a.name}.tfcpu`);
    const tw = m.get(`step.${a.name}.tfwasm`);
    if (ours === undefined) continue;
    out.push({
      target: `MLP step (${a.name}) ≥ 10× faster than tfjs-cpu`,
      measured: tc === undefined ? 'n/a' : `${f(tc / ours, 1)}×`,
      pass: tc === undefined ? null : tc / ours >= 10,
    });
    out.push({
      target: `MLP step (${a.name}) ≥ 3× faster than tfjs-wasm`,
      measured: tw === undefined ? 'n/a' : `${f(tw / ours, 1)}×`,
      pass: tw === undefined ? null : tw / ours >= 3,
    });
  }
  out.push(...threadTargets(m));
  out.push(...cnnTargets(m));
  const flat = m.get('memory.flat');
  out.push({
    target: `flat memory over ${m.get('memory.steps') ?? '?'} training steps`,
    measured: flat === undefined ? 'n/a' : flat ? 'flat' : 'growing',
    pass: flat === undefined ? null : flat === 1,
  });
  for (const [prefix, task] of [
    ['rnn', 'adding problem T = 100'],
    ['rnnMnist', 'row MNIST'],
  ] as const) {
    for (const act of ['tanh', 'relu']) {
      const theirs = m.get(`${prefix}.${act}.tfwasm`);
      const ours = m.get(`${prefix}.${act}.ours`);
      const r = theirs !== undefined && ours !== undefined ? theirs / ours : undefined;
      out.push({
        target: `SimpleRNN(128) ${act} step, ${task}: ≥ 3× faster than tfjs-wasm`,
        measured: r === undefined ? 'n/a' : `${r.toFixed(2)}×`,
        pass: r === undefined ? null : r >= 3,
      });
    }
  }
  const rnnFlat = m.get('rnnMemory.flat');
  if (rnnFlat !== undefined) {
    out.push({
      target: `SimpleRNN at T = 1,000: flat memory over ${m.get('rnnMemory.steps')} training steps`,
      measured: rnnFlat ? 'flat' : 'growing',
      pass: rnnFlat === 1,
    });
  }
  return out;
}

/** The LeNet-5 targets of the conv issue (null: not measured in this run, or a contender cannot run the pass). */
function cnnTargets(m: Map<string, number>): TargetCheck[] {
  const out: TargetCheck[] = [];
  const speedup = (target: string, theirs: number | undefined, ours: number | undefined, min: number, missing: string) => {
    const r = theirs !== undefined && ours !== undefined ? theirs / ours : undefined;
    out.push({ target, measured: r === undefined ? missing : `${r.toFixed(2)}×`, pass: r === undefined ? null : r >= min });
  };
  if (m.has('cnn.step.ours')) {
    speedup('LeNet-5 step ≥ 10× faster than tfjs-cpu', m.get('cnn.step.tfcpu'), m.get('cnn.step.ours'), 10, 'n/a');
    speedup(
      'LeNet-5 step ≥ 2× faster than tfjs-wasm',
      m.get('cnn.step.tfwasm'),
      m.get('cnn.step.ours'),
      2,
      'n/a: tfjs-wasm has no Conv2DBackpropFilter kernel',
    );
    speedup('LeNet-5 forward at least level with tfjs-wasm', m.get('cnn.fwd.tfwasm'), m.get('cnn.fwd.ours'), 1, 'n/a');
  }
  const acc = m.get('cnnMnist.acc.ours');
  if (acc !== undefined) {
    out.push({
      target: `LeNet-5 on MNIST ≥ 97 % test accuracy after ${m.get('cnnMnist.epochs')} epochs`,
      measured: `${(acc * 100).toFixed(2)} %`,
      pass: acc >= 0.97,
    });
  }
  const flat = m.get('cnnMemory.flat');
  if (flat !== undefined) {
    out.push({
      target: `LeNet-5: flat memory over ${m.get('cnnMemory.steps')} training steps`,
      measured: flat ? 'flat' : 'growing',
      pass: flat === 1,
    });
  }
  return out;
}

/** The targets of the threads issue (#18), on the relu MLP at batch 128 with the default backend (every core). */
function threadTargets(m: Map<string, number>): TargetCheck[] {
  const out: TargetCheck[] = [];
  const fwd = m.get('fwd.relu.ours');
  const step = m.get('step.relu.ours');
  const tw = m.get('fwd.relu.tfwasm');
  const ort = m.get('fwd.relu.ort');
  const sw = m.get('step.relu.tfwasm');
  const floorFwd = productsFloor(m, 'productsFwd');
  const floorStep = productsFloor(m, 'productsStep');
  if (fwd !== undefined) {
    out.push({
      target: 'MLP forward (relu) ≥ 1.5× faster than tfjs-wasm',
      measured: tw === undefined ? 'n/a' : `${(tw / fwd).toFixed(2)}×`,
      pass: tw === undefined ? null : tw / fwd >= 1.5,
    });
    out.push({
      target: 'MLP forward (relu) within 3× of onnxruntime-node (same threads)',
      measured:
        ort === undefined
          ? 'n/a'
          : `${(fwd / ort).toFixed(2)}× its time${floorFwd ? ` (the matrix products alone: ${(floorFwd / ort).toFixed(2)}×, ${floorFwd.toFixed(2)} ms)` : ''}${ceilingNote(m, 'forward', 3 * ort, (ms) => `${(ms / ort).toFixed(2)}× its time`)}`,
      pass: ort === undefined ? null : fwd / ort <= 3,
    });
  }
  if (step !== undefined) {
    out.push({
      target: 'MLP step (relu) ≤ 2.5 ms',
      measured: `${step.toFixed(2)} ms${floorStep ? ` (the matrix products alone: ${floorStep.toFixed(2)} ms)` : ''}${ceilingNote(m, 'step', 2.5, (ms) => `${ms.toFixed(2)} ms`)}`,
      pass: step <= 2.5,
    });
    out.push({
      target: 'MLP step (relu) ≥ 12× faster than tfjs-wasm',
      measured: sw === undefined ? 'n/a' : `${(sw / step).toFixed(1)}×`,
      pass: sw === undefined ? null : sw / step >= 12,
    });
  }
  return out;
}

/** Multiply-adds × 2 of the MLP's forward products, and of a training step's (the forward's, every xᵀ·dy, dy·Wᵀ but the first layer's). */
function mlpFlops(): { forward: number; step: number } {
  let forward = 0;
  let inputGrads = 0;
  for (let l = 0; l + 1 < MLP_SIZES.length; l++) {
    const macs = BATCH * MLP_SIZES[l] * MLP_SIZES[l + 1];
    forward += 2 * macs;
    if (l > 0) inputGrads += 2 * macs;
  }
  return { forward, step: 2 * forward + inputGrads };
}

/**
 * What the ceiling section implies for a #18 target, counting the matrix products only (as if the rest of the call
 * took no time, so that noise in the rest cannot move it): the share of the measured WebAssembly SIMD peak (every core
 * at once) they would need to fit in `targetMs`, and their time at the best WebAssembly kernel's one-thread rate
 * measured here (ours or tfjs-wasm's XNNPACK, whichever is faster) on every core with perfect scaling. Empty when the
 * ceiling was not measured.
 */
function ceilingNote(m: Map<string, number>, what: 'forward' | 'step', targetMs: number, show: (ms: number) => string): string {
  const peakAll = m.get('peak.all');
  const peakCore = m.get('peak.core');
  const ours = m.get('mm.ab.ours');
  const xnn = m.get('mm.ab.tfjs-wasm');
  if (!peakAll || !peakCore || ours === undefined) return '';
  const cores = availableParallelism();
  const best = xnn !== undefined && xnn > ours ? { who: "tfjs-wasm's XNNPACK", rate: xnn } : { who: 'ours', rate: ours };
  const flops = mlpFlops()[what];
  const needed = flops / (targetMs * 1e6);
  return `; even if the rest took no time, the target needs its products at ${Math.round((100 * needed) / peakAll)} % of the measured ${cores}-core WebAssembly SIMD peak (${peakAll.toFixed(0)} GFLOP/s); the best WebAssembly kernel here (${best.who}) runs one thread at ${Math.round((100 * best.rate) / peakCore)} % of the one-core peak, so the products alone on ${cores} cores with perfect scaling take ${show(flops / (cores * best.rate * 1e6))}`;
}

/**
 * The MLP's matrix products alone (scaling section) on the most threads measured under this Node without FMA (the
 * default backend's configuration on engines without relaxed SIMD), or undefined when not measured.
 */
function productsFloor(m: Map<string, number>, what: 'productsFwd' | 'productsStep'): number | undefined {
  let best: { threads: number; ms: number } | undefined;
  for (const [key, ms] of m) {
    const match = new RegExp(`^scaling\\.mlp\\.here\\.t(\\d+)\\.plain\\.${what}$`).exec(key);
    if (match && (!best || Number(match[1]) > best.threads)) best = { threads: Number(match[1]), ms };
  }
  return best?.ms;
}
