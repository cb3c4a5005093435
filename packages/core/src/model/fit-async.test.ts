import { describe, expect, it } from 'vitest';
import { tanh } from '../activations';
import type { Backend, BackendSession, SessionSpec } from '../backend/contract';
import { cpuBackend } from '../backend/cpu/session';
import { activation, dense } from '../builtin-layers';
import { adam } from '../optimizers';
import { Rng } from '../random';
import { Tensor } from '../tensor';
import { sequential } from './sequential';
import type { FitOptions } from './types';

/** Calls seen by {@link AsyncOnlySession}, in order. */
type Call = 'whenReady' | 'trainStepAsync' | 'predictAsync' | 'syncAsync';

/**
 * A session shaped like the gpu backend on webgpu: the work is the CPU session's, but it answers only through the
 * async members, after a macrotask, and is not ready until `whenReady` has settled. Its synchronous methods throw.
 */
class AsyncOnlySession implements BackendSession {
  private ready = false;
  private readonly readyPromise: Promise<void>;

  constructor(
    private readonly inner: BackendSession,
    readonly calls: Call[],
  ) {
    this.readyPromise = new Promise((resolve) =>
      setTimeout(() => {
        this.ready = true;
        resolve();
      }, 5),
    );
  }

  get report() {
    return this.inner.report;
  }

  private later<T>(call: Call, work: () => T): Promise<T> {
    this.calls.push(call);
    if (!this.ready) return Promise.reject(new Error(`${call} before whenReady() settled`));
    return new Promise((resolve) => setTimeout(() => resolve(work()), 0));
  }

  predict(): Tensor {
    throw new Error('predict is synchronous; this session is async-only');
  }

  trainStep(): number {
    throw new Error('trainStep is synchronous; this session is async-only');
  }

  sync(): void {
    throw new Error('sync is synchronous; this session is async-only');
  }

  dispose(): void {
    this.inner.dispose();
  }

  whenReady(): Promise<void> {
    this.calls.push('whenReady');
    return this.readyPromise;
  }

  trainStepAsync(x: Tensor, y: Tensor, readLoss: boolean): Promise<number> {
    // Reads x and y a macrotask later, like a device upload after `await ready`: fit must not refill its reused
    // batch buffers before the step settles.
    return this.later('trainStepAsync', () => this.inner.trainStep(x, y, readLoss));
  }

  predictAsync(x: Tensor): Promise<Tensor> {
    return this.later('predictAsync', () => this.inner.predict(x).clone());
  }

  syncAsync(): Promise<void> {
    return this.later('syncAsync', () => this.inner.sync());
  }
}

function asyncBackend(calls: Call[]): Backend {
  return {
    name: 'async-only',
    createSession: (spec: SessionSpec) => new AsyncOnlySession(cpuBackend().createSession(spec), calls),
  };
}

function data(rows: number, seed: number): [Tensor, Tensor] {
  const rng = new Rng(seed);
  const x = new Float32Array(rows * 2);
  const y = new Float32Array(rows * 3);
  for (let r = 0; r < rows; r++) {
    x[2 * r] = rng.range(-2, 2);
    x[2 * r + 1] = rng.range(-2, 2);
    y[3 * r + (x[2 * r] * x[2 * r + 1] > 0 ? 0 : x[2 * r] > 0 ? 1 : 2)] = 1;
  }
  return [new Tensor(x, [rows, 2]), new Tensor(y, [rows, 3])];
}

function model(backend?: Backend) {
  return sequential({ inputShape: [2], seed: 7, layers: [dense(12), activation(tanh), dense(3)] }).compile({
    loss: 'softmax-cross-entropy',
    optimizer: adam({ learningRate: 0.02 }),
    l2: 1e-3,
    backend,
  });
}

const weightsOf = (m: ReturnType<typeof model>) => m.paramRefs().map((r) => Array.from(r.param.value));

describe('fit on a session with async members', () => {
  const [x, y] = data(50, 3);
  const options: FitOptions = { epochs: 3, batchSize: 8, validationSplit: 0.2, lossEvery: 2 };

  it('uses whenReady, trainStepAsync, syncAsync and predictAsync, and ends bit-identical to the sync path', async () => {
    const plain = model();
    const plainHistory = await plain.fit(x, y, options);

    const calls: Call[] = [];
    const viaAsync = model(asyncBackend(calls));
    const history = await viaAsync.fit(x, y, options);

    expect(history).toEqual(plainHistory);
    expect(weightsOf(viaAsync)).toEqual(weightsOf(plain));
    // 40 training rows in batches of 8: 5 steps per epoch. Epoch end: sync, then accuracy on the training rows
    // and the validation pass (one predict each); the final sync after the last epoch.
    expect(calls[0]).toBe('whenReady');
    const epoch: Call[] = [...Array<Call>(5).fill('trainStepAsync'), 'syncAsync', 'predictAsync', 'predictAsync'];
    expect(calls.slice(1)).toEqual([...epoch, ...epoch, ...epoch, 'syncAsync']);
  });

  it('predictAsync, evaluateAsync and syncAsync on the model go through the async members and agree with the sync path', async () => {
    const plain = model();
    await plain.fit(x, y, options);
    const calls: Call[] = [];
    const viaAsync = model(asyncBackend(calls));
    await viaAsync.fit(x, y, options);
    calls.length = 0;

    const big = new Tensor(
      new Float32Array(2 * 2500).map((_, i) => Math.sin(i)),
      [2500, 2],
    );
    expect(Array.from((await viaAsync.predictAsync(big)).data)).toEqual(Array.from(plain.predict(big).data));
    expect(calls).toEqual(['whenReady', 'predictAsync', 'predictAsync', 'predictAsync']); // 1024-row chunks
    calls.length = 0;
    expect(await viaAsync.evaluateAsync(x, y)).toEqual(plain.evaluate(x, y));
    expect(calls).toEqual(['whenReady', 'syncAsync', 'predictAsync']); // l2 > 0: weights synced first
    expect(() => viaAsync.predict(x)).toThrow(/async-only/);
    calls.length = 0;
    await viaAsync.disposeAsync();
    expect(calls).toEqual(['whenReady', 'syncAsync']);
  });

  it("trainBatchAsync steps through whenReady and trainStepAsync and gives the sync path's losses and weights", async () => {
    const plain = model();
    const calls: Call[] = [];
    const viaAsync = model(asyncBackend(calls));
    const rows = (t: Tensor, n: number) => new Tensor(t.data.slice(0, n * t.shape[1]), [n, t.shape[1]]);
    const xb = rows(x, 8);
    const yb = rows(y, 8);
    for (let i = 0; i < 3; i++) expect(await viaAsync.trainBatchAsync(xb, yb)).toBe(plain.trainBatch(xb, yb));
    expect(calls).toEqual(['whenReady', 'trainStepAsync', 'whenReady', 'trainStepAsync', 'whenReady', 'trainStepAsync']);
    await viaAsync.syncAsync();
    expect(weightsOf(viaAsync)).toEqual(weightsOf(plain));
    expect(() => viaAsync.trainBatch(xb, yb)).toThrow(/async-only/);
    // Without async members it is the sync step.
    const cpu = model();
    expect(await cpu.trainBatchAsync(xb, yb)).toBe(model().trainBatch(xb, yb));
  });

  it('keeps the CPU session synchronous: it has no async members, so fit takes the promise-free loop', async () => {
    const session = cpuBackend().createSession({
      layers: [],
      inputShape: [1],
      outputShape: [1],
    });
    expect(session.trainStepAsync).toBeUndefined();
    expect(session.predictAsync).toBeUndefined();
    expect(session.syncAsync).toBeUndefined();
    expect(session.whenReady).toBeUndefined();
    // Without async members, predictAsync / evaluateAsync fall back to the sync calls with equal results.
    const m = model();
    await m.fit(x, y, { epochs: 1 });
    expect(Array.from((await m.predictAsync(x)).data)).toEqual(Array.from(m.predict(x).data));
    expect(await m.evaluateAsync(x, y)).toEqual(m.evaluate(x, y));
  });
});
