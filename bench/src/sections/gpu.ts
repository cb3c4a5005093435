import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../context';

/** The gpu engineer's benchmark script; run when it exists. */
export const GPU_BENCH = fileURLToPath(new URL('../../../packages/gpu/bench/gpu-bench.ts', import.meta.url));

/**
 * Section 5: the gpu backend in every mode available. It runs in its own process (headless-gl needs a display,
 * provided by `xvfb-run` when there is none) and its output is included as is.
 */
export function gpuSection(results: RunResults): string {
  if (!existsSync(GPU_BENCH)) {
    results.facts.set('gpu backend', 'not benchmarked: packages/gpu/bench/gpu-bench.ts does not exist yet');
    return 'packages/gpu/bench/gpu-bench.ts does not exist yet, so the gpu backend was not benchmarked.';
  }
  const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
  const needDisplay = !process.env.DISPLAY && spawnSync('which', ['xvfb-run']).status === 0;
  const cmd = needDisplay ? 'xvfb-run' : tsx;
  const args = needDisplay ? ['-a', tsx, GPU_BENCH] : [GPU_BENCH];
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15 * 60 * 1000, maxBuffer: 16 * 1024 * 1024 });
  const out = `${r.stdout ?? ''}${r.status === 0 ? '' : `\n(exit ${r.status ?? r.signal}) ${(r.stderr ?? '').slice(-2000)}`}`;
  results.facts.set(
    'gpu backend',
    r.status === 0 ? 'benchmarked by packages/gpu/bench/gpu-bench.ts' : `gpu-bench.ts failed (exit ${r.status ?? r.signal})`,
  );
  return out.trim();
}
