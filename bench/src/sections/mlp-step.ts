import { availableParallelism } from 'node:os';
import type { RunOptions, RunResults } from '../context';
import { ortSession, ortTensor } from '../contenders/ort';
import { tf, useTfBackend } from '../contenders/tfjs';
import type { MnistSplit } from '../mnist-data';
import { mlpOnnx } from '../mlp/onnx-forward';
import { oursMlp, rowsTensor } from '../mlp/ours';
import { TfMlp } from '../mlp/tfjs';
import { BATCH, initialWeights, MLP_SIZES } from '../mlp/weights';
import type { BenchActivation } from '../plugins';
import { num, ratio, table } from '../table';
import { measure, measureSync } from '../timing';

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/**
 * Section 3: one training step (forward, backward, SGD update) of the 784-256-128-10 MLP with softmax
 * cross-entropy at batch 128, per activation, and the forward pass alone (with onnxruntime), in milliseconds.
 */
export async function mlpStepSection(
  acts: BenchActivation[],
  data: MnistSplit,
  _options: RunOptions,
  results: RunResults,
): Promise<void> {
  const weights = initialWeights();
  const xs = data.x.subarray(0, BATCH * MLP_SIZES[0]);
  const ys = data.y.subarray(0, BATCH * 10);
  const x = rowsTensor(data.x, MLP_SIZES[0], 0, BATCH);
  const y = rowsTensor(data.y, 10, 0, BATCH);
  const step = table(`MLP 784-256-128-10 training step, batch ${BATCH} (ms, median; lower is better)`, [
    'activation',
    'ours',
    'tfjs-cpu',
    'tfjs-wasm',
    'tfjs-cpu ÷ ours',
    'tfjs-wasm ÷ ours',
  ]);
  const fwd = table(`MLP 784-256-128-10 forward pass, batch ${BATCH} (ms, median)`, [
    'activation',
    'ours',
    'tfjs-cpu',
    'tfjs-wasm',
    'onnxruntime',
    'tfjs-cpu ÷ ours',
    'tfjs-wasm ÷ ours',
    'onnxruntime ÷ ours',
    'max |Δ logits| vs onnxruntime',
  ]);
  // A second of warm-up per case: V8 and the wasm tiers settle before timing, whichever activation runs first. Every
  // contender runs in each of ROUNDS rounds, one after the other, and keeps its best median: a burst of other load on
  // the machine then costs no contender its row.
  const ROUNDS = 2;
  const opts = { warmup: 10, warmupMs: 1000, minSamples: 15, minTimeMs: 1000 };
  for (const act of acts) {
    let oursFwd = Number.POSITIVE_INFINITY;
    let oursStep = Number.POSITIVE_INFINITY;
    let ortFwd = Number.POSITIVE_INFINITY;
    let oursLogits: Float32Array = new Float32Array(0);
    let ortLogits: Float32Array = new Float32Array(0);
    const tfTimes: Record<string, { step?: number; fwd?: number }> = {};
    const failed = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      // Forward first, from the shared initial weights, so that every contender computes the same logits.
      const model = oursMlp(act, weights);
      oursFwd = Math.min(oursFwd, measureSync(() => model.predict(x), opts).medianMs);
      if (round === 0) oursLogits = Float32Array.from(model.predict(x).data);
      oursStep = Math.min(oursStep, measureSync(() => model.trainBatch(x, y), opts).medianMs);
      model.dispose();

      const session = await ortSession(mlpOnnx(act, weights));
      const feed = { x: ortTensor(xs, [BATCH, MLP_SIZES[0]]) };
      ortFwd = Math.min(ortFwd, (await measure(() => session.run(feed), opts)).medianMs);
      if (round === 0) ortLogits = (await session.run(feed)).logits.data as Float32Array;
      await session.release();

      for (const backend of ['cpu', 'wasm'] as const) {
        if (failed.has(backend)) continue;
        await useTfBackend(backend);
        const tx = tf.tensor2d(xs, [BATCH, MLP_SIZES[0]]);
        const ty = tf.tensor2d(ys, [BATCH, 10]);
        const o = backend === 'cpu' ? { warmup: 2, minSamples: 5, minTimeMs: 0 } : opts;
        let net: TfMlp | null = null;
        try {
          net = new TfMlp(act, weights);
          const f = measureSync(() => net?.predictAndDispose(tx), o).medianMs;
          const s = measureSync(() => net?.trainStep(tx, ty), o).medianMs;
          const was = tfTimes[backend];
          tfTimes[backend] = { step: Math.min(s, was?.step ?? s), fwd: Math.min(f, was?.fwd ?? f) };
        } catch (e) {
          failed.add(backend);
          tfTimes[backend] = {};
          step.notes.push(`tfjs-${backend} ${act.name}: ${(e as Error).message.split('\n')[0]}`);
        } finally {
          net?.dispose();
          tx.dispose();
          ty.dispose();
        }
      }
    }
    results.metrics.set(`step.${act.name}.ours`, oursStep);
    results.metrics.set(`fwd.${act.name}.ours`, oursFwd);
    results.metrics.set(`fwd.${act.name}.ort`, ortFwd);
    for (const b of ['cpu', 'wasm']) {
      const t = tfTimes[b];
      if (t?.step !== undefined) results.metrics.set(`step.${act.name}.tf${b}`, t.step);
      if (t?.fwd !== undefined) results.metrics.set(`fwd.${act.name}.tf${b}`, t.fwd);
    }
    step.rows.push([
      act.name,
      num(oursStep),
      num(tfTimes.cpu?.step),
      num(tfTimes.wasm?.step),
      ratio(tfTimes.cpu?.step, oursStep),
      ratio(tfTimes.wasm?.step, oursStep),
    ]);
    fwd.rows.push([
      act.name,
      num(oursFwd),
      num(tfTimes.cpu?.fwd),
      num(tfTimes.wasm?.fwd),
      num(ortFwd),
      ratio(tfTimes.cpu?.fwd, oursFwd),
      ratio(tfTimes.wasm?.fwd, oursFwd),
      ratio(ortFwd, oursFwd),
      maxAbsDiff(oursLogits, ortLogits).toExponential(1),
    ]);
  }
  step.notes.push(
    `ours: \`model.trainBatch\` on the default CPU backend (${availableParallelism()} threads, every core; reads the loss back); tfjs: \`optimizer.minimize\` of tf.losses.softmaxCrossEntropy (loss not read back; tfjs-wasm runs one thread in Node). Same initial weights, same batch, plain SGD. Every contender: best median of 2 rounds, run one after the other. The scaling table below has 1 and 2 threads side by side.`,
  );
  fwd.notes.push(
    `ours: \`model.predict\` (${availableParallelism()} threads); onnxruntime: an ONNX graph of the same weights built in bench/src/onnx, ${availableParallelism()} intra-op threads. Every contender: best median of 2 rounds.`,
  );
  results.tables.push(step, fwd);
}
