import { describe, expect, it } from 'vitest';
import { dense, sequential } from '../../index';
import { sgd } from '../../optimizers';
import { Tensor } from '../../tensor';
import { matmul, setMatmulKernel } from './matmul';
import { cpuMemoryInfo } from './memory-info';
import { allocKernelFloats } from './wasm/kernel-arena';

describe('cpuMemoryInfo', () => {
  it('counts kernel-heap allocations as they are handed out, padded to 16 floats', () => {
    allocKernelFloats(16); // an open chunk, so that the next allocation does not start one
    const before = cpuMemoryInfo();
    const a = allocKernelFloats(1000);
    const b = allocKernelFloats(17);
    const after = cpuMemoryInfo();
    expect(a.length + b.length).toBe(1017);
    expect(after.kernelHeapUsedBytes - before.kernelHeapUsedBytes).toBe((1008 + 32) * 4);
    expect(after.kernelHeapBytes).toBe(before.kernelHeapBytes);
    expect(after.kernelHeapBytes % 65536).toBe(0);
  });

  it("holds a model's layer outputs once it has run a batch", () => {
    const m = sequential({ inputShape: [300], seed: 1, layers: [dense(200), dense(10)] });
    m.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.1 }) });
    const before = cpuMemoryInfo().kernelHeapUsedBytes;
    const rows = 8;
    m.trainBatch(new Tensor(new Float32Array(rows * 300), [rows, 300]), new Tensor(new Float32Array(rows * 10), [rows, 10]));
    // The two dense outputs (8×200 and 8×10 floats), at least: the backend may keep gradient buffers there too.
    expect(cpuMemoryInfo().kernelHeapUsedBytes - before).toBeGreaterThanOrEqual(rows * (200 + 10) * 4);
  });

  it("grows the matrix kernel's scratch to the operands of the largest product", () => {
    setMatmulKernel('wasm');
    try {
      const [m, k, n] = [64, 700, 300];
      matmul(new Float32Array(m * k), new Float32Array(k * n), new Float32Array(m * n), m, k, n);
      // A (64 rows) + B + B packed in 12-column panels (300 → 312) + C, as gemm-kernel.ts lays them out.
      const floats = m * k + k * n + k * 312 + m * 312;
      expect(cpuMemoryInfo().scratchBytes).toBeGreaterThanOrEqual(floats * 4);
    } finally {
      setMatmulKernel('auto');
    }
  });
});
