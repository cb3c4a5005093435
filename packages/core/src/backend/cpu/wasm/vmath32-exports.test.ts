import { describe, expect, it } from 'vitest';
import { lcg } from './kernel-test-support';
import { VMATH32_WASM } from './vmath32-wasm.generated';
import { wasmApi } from './wasm-api';
import { instantiateSimd } from './wasm-scratch';

// Module-level checks of the float32 exports that the JavaScript wrappers never call side by side.

interface Exports {
  eluGrad(x: number, dy: number, dx: number, n: number, alpha: number): void;
  eluGradUnit(x: number, dy: number, dx: number, n: number): void;
  sigmoid(x: number, y: number, n: number): void;
}

const N = 1 << 16;
const api = wasmApi();
if (!api) throw new Error('these tests need WebAssembly');
const memory = new api.Memory({ initial: (4 * N * 4) / 65536 });
const ex = instantiateSimd<Exports>(VMATH32_WASM, { env: { memory } }) as Exports;
const heap = new Float32Array(memory.buffer);
const [X, DY, A, B] = [0, N, 2 * N, 3 * N];

describe('vmath32 module exports', () => {
  it('eluGradUnit gives eluGrad at alpha = 1 bit for bit, specials and NaN dy included', () => {
    const r = lcg(11);
    const specials = [Number.NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, -87.5, -104, -200, 88, 3e38];
    for (let i = 0; i < N; i++) {
      heap[X + i] = i < specials.length ? specials[i] : (r() - 0.5) * 240 * r() ** 3;
      heap[DY + i] = i % 97 === 0 ? Number.NaN : i % 89 === 0 ? Infinity : (r() - 0.5) * 8;
    }
    ex.eluGrad(4 * X, 4 * DY, 4 * A, N, 1);
    ex.eluGradUnit(4 * X, 4 * DY, 4 * B, N);
    let same = 0;
    for (let i = 0; i < N; i++) if (Object.is(heap[A + i], heap[B + i])) same++;
    expect(same).toBe(N);
  });

  it('processes exactly n rounded up to 4 floats, whatever its loop unrolling', () => {
    for (const n of [1, 4, 5, 19, 20, 21, 39, 41, 100]) {
      heap.fill(7, B, B + 200);
      heap.fill(0.5, X, X + 200);
      ex.sigmoid(4 * X, 4 * B, n);
      const written = Math.ceil(n / 4) * 4;
      for (let i = 0; i < written; i++) expect(heap[B + i]).toBe(Math.fround(1 / (1 + Math.exp(-0.5))));
      for (let i = written; i < 200; i++) expect(heap[B + i]).toBe(7);
    }
  });
});
