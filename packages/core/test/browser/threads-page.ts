// Bundled by ../browser-threads.test.ts with esbuild and run in Chromium, on the page's main thread and in a
// dedicated Worker: fixed-seed training on 1 or more CPU threads, returning the weights' bits and the thread report.
import { activation, cpuBackend, cpuThreadPoolInfo, dense, sequential, sgd, tanh, Tensor } from '@rectify/core';

/** What one training run returns. */
export interface ThreadsRun {
  readonly bits: number[][];
  readonly threads: unknown;
  readonly workerChunks: number;
  readonly isolated: boolean;
}

interface Options {
  readonly threads: number;
  readonly fma: boolean;
  readonly steps: number;
}

async function train({ threads, fma, steps }: Options): Promise<ThreadsRun> {
  const m = sequential({
    inputShape: [784],
    seed: 5,
    layers: [dense(256), activation(tanh), dense(64), activation(tanh), dense(10)],
  });
  m.compile({ loss: 'softmax-cross-entropy', optimizer: sgd({ learningRate: 0.05 }), backend: cpuBackend({ threads, fma }) });
  const end = Date.now() + 10_000;
  const running = m.backendReport?.threads?.running ?? 1;
  // Workers start asynchronously: wait for them so that the run exercises them (results never depend on it).
  while (running > 1 && (cpuThreadPoolInfo()?.ready ?? 0) < running - 1 && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const before = cpuThreadPoolInfo()?.workerChunks ?? 0;
  const x = new Tensor(
    Float32Array.from({ length: 128 * 784 }, (_, i) => Math.sin(i * 0.37)),
    [128, 784],
  );
  const y = new Tensor(
    Float32Array.from({ length: 1280 }, (_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)),
    [128, 10],
  );
  for (let i = 0; i < steps; i++) m.trainBatch(x, y);
  return {
    bits: Object.values(m.getWeights()).map((w) => Array.from(new Uint32Array(Float32Array.from(w.data).buffer))),
    threads: m.backendReport?.threads,
    workerChunks: (cpuThreadPoolInfo()?.workerChunks ?? 0) - before,
    isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  };
}

const g = globalThis as unknown as {
  document?: unknown;
  location: { href: string };
  onmessage: ((e: { data: Options }) => void) | null;
  postMessage(m: unknown): void;
  rectifyThreads: unknown;
  Worker: new (url: string) => { onmessage: ((e: { data: unknown }) => void) | null; postMessage(m: unknown): void };
};

if (g.document === undefined) {
  // In a dedicated Worker: train on request.
  g.onmessage = (e) => {
    train(e.data).then(
      (r) => g.postMessage(r),
      (err) => g.postMessage({ error: String(err) }),
    );
  };
} else {
  g.rectifyThreads = {
    train,
    /** The same run inside a dedicated Worker started from this bundle. */
    trainInWorker(options: Options): Promise<unknown> {
      const worker = new g.Worker(new URL('page.js', g.location.href).href);
      return new Promise((resolve) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.postMessage(options);
      });
    },
  };
}
