/**
 * Assembles the WebAssembly SIMD modules of the CPU backend with wabt and writes each (deflated, base64; see
 * generated-module.mjs) to
 * src/backend/cpu/wasm/<name>-wasm.generated.ts: the matrix kernel and its relaxed-SIMD FMA variant (gemm-wat.mjs), the float64 and float32
 * element-wise math (vmath-wat.mjs, vmath32-wat.mjs), the rectifiers (rectifier-wat.mjs) and the optimizer updates
 * (optim-wat.mjs). Run by `prebuild`; the
 * output is committed so that tests and type checks need no build step. A committed file whose stream inflates to the
 * assembled bytes is left alone; `--check` exits non-zero when one does not.
 */
import { fileURLToPath } from 'node:url';
import { gemmWat } from './gemm-wat.mjs';
import { assembleWat, generatedPath, writeOrCheck } from './generated-module.mjs';
import { optimWat } from './optim-wat.mjs';
import { rectifierWat } from './rectifier-wat.mjs';
import { vmathWat } from './vmath-wat.mjs';
import { vmath32Wat } from './vmath32-wat.mjs';

/**
 * The micro-kernel shape: MR rows × (NV·4) columns, main loop unrolled UNROLL times. 4×12 (12 accumulators, 3 B
 * vectors and a splat: 16 registers) measured ~15 % faster than 4×8, 6×8 and 4×16 on the 128×784×256 products.
 */
export const KERNEL_CONFIG = { mr: 4, nv: 3, unroll: 2 };

/** Assembles the matrix kernel with the given configuration and returns the wasm bytes. */
export function assemble(cfg = KERNEL_CONFIG) {
  return assembleWat('gemm.wat', gemmWat(cfg), { bulk_memory: true, relaxed_simd: cfg.fma === true });
}

/** Every generated module: how to assemble it and how to render it. */
const MODULES = [
  {
    file: 'gemm-wasm.generated.ts',
    assemble: () => assemble(),
    source: 'gemm-wat.mjs',
    summary: `Kernel: ${KERNEL_CONFIG.mr}×${KERNEL_CONFIG.nv * 4} micro-kernel, unrolled ${KERNEL_CONFIG.unroll}×.`,
    constName: 'GEMM_WASM',
    doc: 'The SIMD matrix kernel module',
  },
  {
    file: 'gemm-fma-wasm.generated.ts',
    assemble: () => assemble({ ...KERNEL_CONFIG, fma: true }),
    source: 'gemm-wat.mjs',
    summary: `Kernel: ${KERNEL_CONFIG.mr}×${KERNEL_CONFIG.nv * 4} micro-kernel, unrolled ${KERNEL_CONFIG.unroll}×, f32x4.relaxed_madd.`,
    constName: 'GEMM_FMA_WASM',
    doc: 'The relaxed-SIMD (fused multiply-add) matrix kernel module',
  },
  {
    file: 'vmath-wasm.generated.ts',
    assemble: () => assembleWat('vmath.wat', vmathWat()),
    source: 'vmath-wat.mjs',
    summary: 'exp, expm1, sigmoid, tanh, elu, eluGrad over float32 arrays in float64 SIMD arithmetic.',
    constName: 'VMATH_WASM',
    doc: 'The element-wise SIMD math module',
  },
  {
    file: 'rectifier-wasm.generated.ts',
    assemble: () => assembleWat('rectifier.wat', rectifierWat()),
    source: 'rectifier-wat.mjs',
    summary: 'ReLU, Leaky ReLU and PReLU forward and backward over float32 arrays, exact f32x4 arithmetic.',
    constName: 'RECTIFIER_WASM',
    doc: 'The SIMD rectifier module',
  },
  {
    file: 'vmath32-wasm.generated.ts',
    assemble: () => assembleWat('vmath32.wat', vmath32Wat()),
    source: 'vmath32-wat.mjs',
    summary: 'exp, expm1, sigmoid, tanh, elu, eluGrad, mul, div over float32 arrays in float32 SIMD arithmetic.',
    constName: 'VMATH32_WASM',
    doc: 'The float32 element-wise SIMD math module',
  },
  {
    file: 'vmath32-swish-wasm.generated.ts',
    assemble: () => assembleWat('vmath32-swish.wat', vmath32Wat({ swish: true })),
    source: 'vmath32-wat.mjs',
    summary: "swish, swishGrad, erf over float32 arrays in float32 SIMD arithmetic (the plugin authors' blocks).",
    constName: 'VMATH32_SWISH_WASM',
    doc: 'The float32 Swish and erf SIMD module',
  },
  {
    file: 'optim-wasm.generated.ts',
    assemble: () => assembleWat('optim.wat', optimWat()),
    source: 'optim-wat.mjs',
    summary: 'SGD (plain, momentum, Nesterov) and Adam/AdamW updates of float32 arrays in float64 SIMD arithmetic.',
    constName: 'OPTIM_WASM',
    doc: 'The SIMD optimizer-update module',
  },
];

/** Writes every generated module, or with `check` exits non-zero when a committed one is stale. */
export async function buildWasm(check = false) {
  for (const m of MODULES) writeOrCheck(generatedPath(m.file), await m.assemble(), m, check);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWasm(process.argv.includes('--check'));
}
