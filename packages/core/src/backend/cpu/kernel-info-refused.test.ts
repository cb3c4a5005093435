// Its own file: the kernel modules compile once per process (vitest gives each file a fresh module graph), and
// here they must meet a WebAssembly that refuses to compile, as Chromium's does under `script-src 'self'`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REFUSAL =
  "WebAssembly.Module(): Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not an allowed source of script in the following Content Security Policy directive: \"script-src 'self'\"";
// Core compiles without DOM typings: reach WebAssembly through globalThis, as the kernels do.
const wasm = (globalThis as unknown as { WebAssembly: { Module: unknown; CompileError: new (m: string) => Error } }).WebAssembly;
const original = wasm.Module;

beforeAll(() => {
  wasm.Module = function RefusingModule() {
    throw new wasm.CompileError(REFUSAL);
  };
});

afterAll(() => {
  wasm.Module = original;
});

describe('kernelInfo when the page refuses to compile WebAssembly', () => {
  it('reports js for every family, quotes the refusal and names the CSP fix; the kernels still compute', async () => {
    const { kernelInfo } = await import('./kernel-info');
    const { matmul } = await import('./matmul');
    const info = kernelInfo();
    for (const f of [info.matmul, info.vmath, info.vmath32, info.rectifier]) {
      expect(f.runsOn).toBe('js');
      expect(f.reason).toContain('Content-Security-Policy refused to compile WebAssembly (CompileError: WebAssembly.Module()');
      expect(f.reason).toContain("script-src 'wasm-unsafe-eval'");
    }
    // The plain-JS path really runs: [1 2; 3 4]·[5 6; 7 8] = [19 22; 43 50].
    const c = new Float32Array(4);
    matmul(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), c, 2, 2, 2);
    expect([...c]).toEqual([19, 22, 43, 50]);
  });
});
