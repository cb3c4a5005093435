// Bundled by ../browser.test.ts with esbuild and loaded in Chromium: trains the same model on the gpu backend and on
// the CPU backend in the page and reports both results.
import {
  type ActivationPlugin,
  type ConfiguredActivation,
  type Tensor,
  activation,
  adam,
  cpuBackend,
  dense,
  mse,
  sequential,
  sgd,
  tanh,
} from '@rectify/core';
import { elu } from '@rectify/elu';
import { leakyRelu } from '@rectify/leaky-relu';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import * as core from '@rectify/core';
import * as gpuPackage from '../../src/index';
import { type GpuMode, type GpuSession, gpuBackend } from '../../src/index';
import { KERNEL_CLASSES } from '../../src/gpujs';
import { probeActivation } from '../activation-probe';
import { probeCases } from '../activation-cases';
import { buildLayers, makeData, specFor, weights, worstMismatch } from '../fixtures';

const ACTS: Record<string, ActivationPlugin | ConfiguredActivation> = {
  relu,
  relu6: relu({ cap: 6 }),
  'leaky-relu': leakyRelu,
  prelu: prelu({ numParameters: 8 }),
  elu,
  tanh,
};

const OPTS = { adam: () => adam({ learningRate: 0.01 }), sgd: () => sgd({ learningRate: 0.05, momentum: 0.9 }) };

async function run(mode: GpuMode, act: string, steps: number, opt: keyof typeof OPTS) {
  const { x, y } = makeData(32, 3, 2, 21, 'regression');
  const onCpu = buildLayers(ACTS[act], 6);
  const onGpu = buildLayers(ACTS[act], 6);
  const cpu = cpuBackend().createSession(specFor(onCpu, 3, 2, mse(), OPTS[opt](), 1e-4));
  const gpu = gpuBackend({ mode }).createSession(specFor(onGpu, 3, 2, mse(), OPTS[opt](), 1e-4)) as GpuSession;
  await gpu.whenReady();
  const t0 = gpu.report.transfers;
  let gpuLoss = 0;
  let cpuLoss = 0;
  for (let s = 0; s < steps; s++) {
    const last = s === steps - 1;
    cpuLoss = cpu.trainStep(x, y, last);
    gpuLoss = await gpu.trainStepAsync(x, y, last);
  }
  const t1 = gpu.report.transfers;
  await gpu.syncAsync();
  let cloneable: string;
  try {
    cloneable = JSON.stringify(structuredClone(gpu.report)) === JSON.stringify(gpu.report) ? 'equal' : 'different';
  } catch (e) {
    cloneable = (e as Error).name;
  }
  const result = {
    cloneable,
    mode: gpu.report.mode,
    requestedMode: gpu.report.requestedMode,
    fallbacks: gpu.report.fallbacks,
    nanChecks: gpu.report.nanChecks,
    toDevicePerStep: (t1.toDevice - t0.toDevice) / steps,
    toHostInSteps: t1.toHost - t0.toHost,
    gpuLoss,
    cpuLoss,
    mismatch: worstMismatch(weights(onGpu), weights(onCpu), 1e-4),
  };
  gpu.dispose();
  return result;
}

/** Trains the same seeded model with `model.fit` on the gpu backend and on the CPU backend; reports both. */
async function fitBoth(mode: GpuMode, act: string) {
  const { x, y } = makeData(40, 3, 2, 17, 'regression');
  const make = () =>
    sequential({
      inputShape: [3],
      seed: 9,
      layers: [dense(8), activation(ACTS[act]), dense(8), activation(ACTS[act]), dense(2)],
    });
  const options = { epochs: 4, batchSize: 12, validationSplit: 0.25 };
  const onCpu = make().compile({ loss: 'mse', optimizer: adam({ learningRate: 0.01 }), l2: 1e-4 });
  const onGpu = make().compile({ loss: 'mse', optimizer: adam({ learningRate: 0.01 }), l2: 1e-4, backend: gpuBackend({ mode }) });
  const cpuHistory = await onCpu.fit(x, y, options);
  const gpuHistory = await onGpu.fit(x, y, options);
  const report = onGpu.backendReport as GpuSession['report'];
  let syncPredict = 'no error';
  try {
    onGpu.predict(x);
  } catch (e) {
    syncPredict = (e as Error).name;
  }
  const flat = (t: Tensor) => [Float32Array.from(t.data)];
  const result = {
    mode: report.mode,
    steps: gpuHistory.steps,
    stopReason: gpuHistory.stopReason,
    syncPredict,
    cpuEpochs: cpuHistory.epochs,
    gpuEpochs: gpuHistory.epochs,
    weights: worstMismatch(
      onGpu.paramRefs().map((r) => r.param.value.slice()),
      onCpu.paramRefs().map((r) => r.param.value.slice()),
      1e-4,
    ),
    predict: worstMismatch(flat(await onGpu.predictAsync(x)), flat(onCpu.predict(x)), 1e-4),
    gpuEvaluate: await onGpu.evaluateAsync(x, y),
    cpuEvaluate: onCpu.evaluate(x, y),
  };
  await onGpu.disposeAsync();
  return result;
}

async function safeRun(mode: GpuMode, act: string, steps: number, opt: keyof typeof OPTS) {
  try {
    return await run(mode, act, steps, opt);
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

async function safeFit(mode: GpuMode, act: string) {
  try {
    return await fitBoth(mode, act);
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

/** Every registered plugin (and its other-branch settings) through the backend's kernels on edge inputs. */
async function probeAll(mode: GpuMode) {
  const cases = probeCases();
  const problems: string[] = [];
  for (const c of cases) {
    problems.push(...(await probeActivation(mode, c)), ...(await probeActivation(mode, c, true)));
  }
  return { labels: cases.map((c) => c.label), problems };
}

(globalThis as unknown as { rectifyRun: typeof safeRun }).rectifyRun = safeRun;
(globalThis as unknown as { rectifyProbe: typeof probeAll }).rectifyProbe = probeAll;
(globalThis as unknown as { rectifyFit: typeof safeFit }).rectifyFit = safeFit;

/** What a minifier did to class names in this page: every error class's `name` and gpu.js's kernel class names. */
function names() {
  const errors: Record<string, string> = {};
  for (const [exported, value] of [...Object.entries(core), ...Object.entries(gpuPackage)]) {
    if (typeof value === 'function' && value.prototype instanceof Error) {
      errors[exported] = (new (value as new (...a: unknown[]) => Error)('a', 'b') as Error).name;
    }
  }
  return { errors, kernelClasses: KERNEL_CLASSES.map(([Class]) => Class.name) };
}

(globalThis as unknown as { rectifyNames: typeof names }).rectifyNames = names;
