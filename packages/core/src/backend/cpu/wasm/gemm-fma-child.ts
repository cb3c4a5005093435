/**
 * Prints {@link runFmaChecks}'s report as JSON. The FMA test runs this file with `node
 * --experimental-wasm-relaxed-simd --import tsx` where the test process's engine lacks relaxed SIMD (Node 20).
 */
import { runFmaChecks } from './gemm-fma-check';

process.stdout.write(JSON.stringify(runFmaChecks()));
