import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors';
import { kernelInfo } from './kernel-info';
import { setMatmulFma } from './matmul';
import { cpuBackend } from './session';
import { hasWasmRelaxedSimd } from './wasm/relaxed-simd-support';

// Core compiles without DOM typings: reach WebAssembly through globalThis, as the kernels do.
const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
const realValidate = wasm.validate;

/** An engine without relaxed SIMD: rejects every module holding the f32x4.relaxed_madd opcode (0xfd 0x85 0x02). */
function withoutRelaxedSimd(): void {
  wasm.validate = (bytes: Uint8Array) => {
    for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xfd && bytes[i + 1] === 0x85 && bytes[i + 2] === 2) return false;
    return realValidate.call(wasm, bytes);
  };
}

afterEach(() => {
  wasm.validate = realValidate;
  setMatmulFma('auto');
});

function refusal(f: () => unknown): ValidationError {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('cpuBackend({ fma })', () => {
  it('fma: true on an engine without relaxed SIMD throws FMA_UNAVAILABLE, naming why and the fix', () => {
    withoutRelaxedSimd();
    const e = refusal(() => cpuBackend({ fma: true }));
    expect(e.code).toBe('FMA_UNAVAILABLE');
    expect(e.message).toContain("this engine's WebAssembly has no relaxed SIMD");
    expect(e.message).toContain('Node 22 or later');
    expect(e.message).toContain('--experimental-wasm-relaxed-simd');
    expect(e.message).toContain("fma: 'auto' or false");
  });

  it("this engine's own answer: fma: true throws exactly when it lacks relaxed SIMD", () => {
    if (hasWasmRelaxedSimd()) expect(() => cpuBackend({ fma: true })).not.toThrow();
    else expect(refusal(() => cpuBackend({ fma: true })).code).toBe('FMA_UNAVAILABLE');
  });

  it("'auto' and false never throw, and 'auto' falls back to the plain kernel saying why", () => {
    withoutRelaxedSimd();
    expect(() => cpuBackend({ fma: false })).not.toThrow();
    expect(() => cpuBackend()).not.toThrow();
    expect(kernelInfo().matmul).toMatchObject({
      runsOn: 'wasm-simd',
      fmaReason: "this engine's WebAssembly has no relaxed SIMD",
    });
  });

  it('rejects values other than auto, true and false', () => {
    expect(refusal(() => cpuBackend({ fma: 'yes' as never })).message).toBe(
      "cpuBackend: fma must be 'auto', true or false, got yes",
    );
  });
});
