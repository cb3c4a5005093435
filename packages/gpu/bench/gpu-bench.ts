// Time per training step and host⇄device transfers per step of the gpu backend, per available mode, against the
// CPU backend. Not a test. Run: `xvfb-run -a npx tsx --tsconfig bench/tsconfig.json bench/gpu-bench.ts [--json]`
// from packages/gpu (without a display, headlessgl is reported as unavailable and skipped).
import { performance } from 'node:perf_hooks';
import {
  type BackendSession,
  type Layer,
  Tensor,
  activation,
  adam,
  cpuBackend,
  createRegistry,
  createRng,
  dense,
  mse,
} from '@rectify/core';
import { relu } from '@rectify/relu';
import { type GpuMode, gpuBackend } from '../src/index';
import { GPU } from '../src/gpujs';

const INPUTS = 16;
const HIDDEN = 64;
const BATCH = 256;
const WARMUP = 5;
const STEPS = 40;

function layers(): Layer[] {
  const ls: Layer[] = [dense(HIDDEN), activation(relu), dense(HIDDEN), activation(relu), dense(1)];
  const ctx = { rng: createRng(1), registry: createRegistry() };
  let shape: readonly number[] = [INPUTS];
  for (const l of ls) shape = l.build(shape, ctx);
  return ls;
}

function data(): { x: Tensor; y: Tensor } {
  const rng = createRng(2);
  const x = new Float32Array(BATCH * INPUTS);
  const y = new Float32Array(BATCH);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform() * 2 - 1;
  for (let r = 0; r < BATCH; r++) y[r] = Math.sin(x[r * INPUTS] * 3);
  return { x: new Tensor(x, [BATCH, INPUTS]), y: new Tensor(y, [BATCH, 1]) };
}

interface Row {
  backend: string;
  msPerStep: number;
  toDevicePerStep: number;
  toHostPerStep: number;
  note?: string;
}

function bench(name: string, session: BackendSession, x: Tensor, y: Tensor): Row {
  for (let i = 0; i < WARMUP; i++) session.trainStep(x, y, false);
  const t0 = { ...session.report.transfers };
  const start = performance.now();
  for (let i = 0; i < STEPS; i++) session.trainStep(x, y, i === STEPS - 1);
  const ms = (performance.now() - start) / STEPS;
  const t1 = session.report.transfers;
  return {
    backend: name,
    msPerStep: ms,
    toDevicePerStep: (t1.toDevice - t0.toDevice) / STEPS,
    toHostPerStep: (t1.toHost - t0.toHost) / STEPS,
  };
}

const { x, y } = data();
const spec = () => ({
  layers: layers(),
  inputShape: [INPUTS],
  outputShape: [1],
  training: { loss: mse(), optimizer: adam(), l2: 0 },
});
const rows: Row[] = [bench('cpu backend', cpuBackend().createSession(spec()), x, y)];
const modes: GpuMode[] = ['headlessgl', 'webasm', 'cpu'];
for (const mode of modes) {
  if (mode === 'headlessgl' && GPU.isHeadlessGLSupported !== true) {
    rows.push({
      backend: `gpu ${mode}`,
      msPerStep: Number.NaN,
      toDevicePerStep: Number.NaN,
      toHostPerStep: Number.NaN,
      note: 'unavailable (run under xvfb-run -a)',
    });
    continue;
  }
  const session = gpuBackend({ mode }).createSession(spec());
  rows.push(bench(`gpu ${session.report.mode}`, session, x, y));
  session.dispose();
}

if (process.argv.includes('--json')) {
  process.stdout.write(
    `${JSON.stringify({ model: `${INPUTS}-${HIDDEN}-${HIDDEN}-1 relu, adam, mse`, batch: BATCH, steps: STEPS, rows })}\n`,
  );
} else {
  console.log(
    `model ${INPUTS}-${HIDDEN}-${HIDDEN}-1 (relu), Adam, MSE, batch ${BATCH}, ${STEPS} timed steps after ${WARMUP} warm-up steps`,
  );
  for (const r of rows) {
    console.log(
      `${r.backend.padEnd(16)} ${Number.isNaN(r.msPerStep) ? '      -' : r.msPerStep.toFixed(2).padStart(7)} ms/step   to device ${r.toDevicePerStep}/step   to host ${r.toHostPerStep}/step${r.note ? `   ${r.note}` : ''}`,
    );
  }
}
