import { afterEach, describe, expect, it } from 'vitest';
import { CSP_WASM_FIX, kernelInfo } from './kernel-info';
import { setMatmulFma, setMatmulKernel } from './matmul';
import { setVmathKernel } from './wasm/vmath';
import { setVmath32Kernel } from './wasm/vmath32';
import { hasWasmSimd } from './wasm/simd-support';
import { hasWasmRelaxedSimd } from './wasm/relaxed-simd-support';

afterEach(() => {
  setMatmulKernel('auto');
  setVmathKernel('auto');
  setVmath32Kernel('auto');
  setMatmulFma('auto');
});

describe('kernelInfo', () => {
  it('reports WebAssembly SIMD for every family in Node (which has it)', () => {
    expect(hasWasmSimd()).toBe(true);
    const info = kernelInfo();
    for (const f of [info.matmul, info.vmath, info.vmath32, info.rectifier]) {
      expect(f).toMatchObject({ runsOn: 'wasm-simd', reason: 'WebAssembly SIMD is available' });
    }
  });

  it('reports the fused multiply-add kernel exactly where the engine has relaxed SIMD, and fma: false', () => {
    const relaxed = hasWasmRelaxedSimd();
    expect(kernelInfo().matmul).toMatchObject({
      fma: relaxed,
      fmaReason: relaxed
        ? 'the engine has WebAssembly relaxed SIMD and fma is not false'
        : "this engine's WebAssembly has no relaxed SIMD",
    });
    setMatmulFma(false);
    expect(kernelInfo().matmul).toMatchObject({
      runsOn: 'wasm-simd',
      fma: false,
      fmaReason: relaxed ? 'fma: false was chosen' : "this engine's WebAssembly has no relaxed SIMD",
    });
  });

  it('names the setter that switched a family to plain JavaScript, and only that family', () => {
    setMatmulKernel('js');
    let info = kernelInfo();
    expect(info.matmul).toEqual({
      runsOn: 'js',
      reason: "setMatmulKernel('js') was called",
      fma: false,
      fmaReason: "the matrix products run in JavaScript: setMatmulKernel('js') was called",
    });
    expect(info.vmath.runsOn).toBe('wasm-simd');
    setVmathKernel('js');
    setVmath32Kernel('js');
    info = kernelInfo();
    expect(info.vmath.reason).toBe("setVmathKernel('js') was called");
    expect(info.rectifier.reason).toBe("setVmathKernel('js') was called");
    expect(info.vmath32.reason).toBe("setVmath32Kernel('js') was called");
  });

  it("names 'wasm-unsafe-eval' in its CSP fix", () => {
    expect(CSP_WASM_FIX).toContain("'wasm-unsafe-eval'");
  });
});
