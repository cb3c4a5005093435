import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FmaCheckReport, runFmaChecks } from './gemm-fma-check';
import { hasWasmRelaxedSimd } from './relaxed-simd-support';

const FUSED = 2 ** -11 + 2 ** -24;
const SPLIT = 2 ** -11;

/**
 * The checks' report: measured here where this engine has relaxed SIMD (Node 22+), else in a child Node started
 * with `--experimental-wasm-relaxed-simd` (Node 20's V8 has the proposal behind that flag). A child that cannot
 * compile the kernel fails the test below, with the reason, rather than skipping it.
 */
function measure(): { report: FmaCheckReport; where: string } {
  if (hasWasmRelaxedSimd()) return { report: runFmaChecks(), where: 'in process' };
  const child = fileURLToPath(new URL('./gemm-fma-child.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', child], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    encoding: 'utf8',
  });
  return { report: JSON.parse(out) as FmaCheckReport, where: `child ${process.version} --experimental-wasm-relaxed-simd` };
}

/** True when the CPU has FMA instructions (x86's `fma` flag, always on aarch64), which V8 then uses. */
function cpuHasFma(): boolean {
  if (process.arch === 'arm64') return true;
  try {
    return /^flags\s*:.*\bfma\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return false;
  }
}

describe('relaxed-SIMD fused multiply-add matrix kernel', () => {
  const { report, where } = measure();

  it(`compiles (${where})`, () => {
    expect(report.compiled, `the relaxed-SIMD kernel did not compile ${where}: this engine's V8 lacks relaxed SIMD`).toBe(true);
    expect(report.shapes).toHaveLength(4);
  });

  it('stays within the k-term dot-product error bound of a float64 reference, as does its gap to the plain kernel', () => {
    for (const s of report.shapes) {
      expect(s.fmaVsExact, `${s.shape} against float64`).toBeLessThanOrEqual(1);
      expect(s.fmaVsPlain, `${s.shape} against the plain kernel`).toBeLessThanOrEqual(1);
      // The bound is not loose to the point of passing anything: real errors are a visible fraction of it.
      expect(s.fmaVsExact, `${s.shape} error`).toBeGreaterThan(1e-4);
    }
  });

  it('rounds a multiply-add once where the CPU has FMA instructions, and differs from the plain kernel in the last bits', () => {
    if (cpuHasFma()) {
      expect(report.fusedProbe).toBe(FUSED);
      expect(report.shapes[0].differing).toBeGreaterThan(0);
    } else {
      // relaxed_madd may split the multiply-add where the hardware has no FMA; either rounding is allowed.
      expect([FUSED, SPLIT]).toContain(report.fusedProbe);
    }
  });
});
