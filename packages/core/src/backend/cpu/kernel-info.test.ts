import { afterEach, describe, expect, it } from 'vitest';
import { CSP_WASM_FIX, kernelInfo } from './kernel-info';
import { setMatmulKernel } from './matmul';
import { setVmathKernel } from './wasm/vmath';
import { setVmath32Kernel } from './wasm/vmath32';
import { hasWasmSimd } from './wasm/simd-support';

afterEach(() => {
  setMatmulKernel('auto');
  setVmathKernel('auto');
  setVmath32Kernel('auto');
});

describe('kernelInfo', () => {
  it('reports WebAssembly SIMD for every family in Node (which has it)', () => {
    expect(hasWasmSimd()).toBe(true);
    const info = kernelInfo();
    for (const f of [info.matmul, info.vmath, info.vmath32, info.rectifier]) {
      expect(f).toEqual({ runsOn: 'wasm-simd', reason: 'WebAssembly SIMD is available' });
    }
  });

  it('names the setter that switched a family to plain JavaScript, and only that family', () => {
    setMatmulKernel('js');
    let info = kernelInfo();
    expect(info.matmul).toEqual({ runsOn: 'js', reason: "setMatmulKernel('js') was called" });
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
