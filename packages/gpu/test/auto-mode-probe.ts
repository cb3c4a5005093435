// Run as a child process (tsx) to see what `auto` picks in an environment without a display.
import { adam, cpuBackend, mse, tanh } from '@rectify/core';
import { gpuBackend } from '../src/index';
import { buildLayers, makeData, specFor, train, weights, worstMismatch } from './fixtures';

const fallbacks: unknown[] = [];
const layersGpu = buildLayers(tanh, 3);
const layersCpu = buildLayers(tanh, 3);
const session = gpuBackend({ onFallback: (f) => fallbacks.push(f) }).createSession(
  specFor(layersGpu, 3, 2, mse(), adam({ learningRate: 0.01 })),
);
const cpu = cpuBackend().createSession(specFor(layersCpu, 3, 2, mse(), adam({ learningRate: 0.01 })));
const { x, y } = makeData(32, 3, 2, 1, 'regression');
train(session, x, y, 20, 16);
train(cpu, x, y, 20, 16);
session.sync();
const r = session.report;
process.stdout.write(
  JSON.stringify({
    mode: r.mode,
    requestedMode: r.requestedMode,
    reason: r.modeFallbackReason,
    fallbacks,
    mismatch: worstMismatch(weights(layersGpu), weights(layersCpu), 1e-4).ratio,
  }),
);
session.dispose();
