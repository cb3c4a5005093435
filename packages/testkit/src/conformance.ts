import type { ActivationPlugin } from '@rectify/core';
import { checkNoAllocation } from './checks/allocation';
import { checkAtZero } from './checks/at-zero';
import { checkContract } from './checks/contract';
import { checkForwardMatchesReference } from './checks/forward-reference';
import { checkGpuAgreement } from './checks/gpu-agreement';
import { checkGradients } from './checks/gradients';
import { checkInputsUntouched } from './checks/inputs';
import { checkHyperRoundTrip } from './checks/hyper-round-trip';
import { checkKernelHygiene } from './checks/kernel-hygiene';
import { checkScalarAgreement } from './checks/scalar-agreement';
import { checkInfinity, checkNaN } from './checks/special-values';
import type { CheckResult, ConformanceOptions } from './types';

/** One named check of the suite, ready to run. */
export interface ConformanceCheck {
  /** Stable id, e.g. `gradients`. */
  readonly id: string;
  /** What it asserts, used as the vitest test title. */
  readonly title: string;
  /** Runs the check; never throws (a throwing kernel is a failure). */
  run(): CheckResult | Promise<CheckResult>;
}

/**
 * The checks the conformance suite runs for `plugin`, in order. `gpu-agreement` is included only when
 * `options.gpu` is given and the plugin has gpu kernels.
 */
export function conformanceChecks<P extends string, L extends string>(
  plugin: ActivationPlugin<P, L>,
  options: ConformanceOptions<NoInfer<P>> = {},
): ConformanceCheck[] {
  return checksFor(plugin as ActivationPlugin, options as ConformanceOptions);
}

function checksFor(plugin: ActivationPlugin, options: ConformanceOptions): ConformanceCheck[] {
  const checks: ConformanceCheck[] = [
    { id: 'contract', title: 'is a valid plugin for this @rectify/core', run: () => checkContract(plugin, options) },
    {
      id: 'inputs',
      title: 'kernels never write into their inputs (x, y, dy, ctx.params)',
      run: () => checkInputsUntouched(plugin, options),
    },
    {
      id: 'hyper-round-trip',
      title: 'hyper-parameters survive a JSON round trip',
      run: () => checkHyperRoundTrip(plugin, options),
    },
    {
      id: 'forward-reference',
      title: 'forward matches the float64 reference to float32 rounding',
      run: () => checkForwardMatchesReference(plugin, options),
    },
    {
      id: 'gradients',
      title: 'backward matches finite differences (inputs and learnable parameters)',
      run: () => checkGradients(plugin, options),
    },
    { id: 'at-zero', title: 'backward follows the declared convention at exactly 0', run: () => checkAtZero(plugin, options) },
    { id: 'nan', title: 'NaN in gives NaN out (forward and backward)', run: () => checkNaN(plugin, options) },
    { id: 'infinity', title: '±Infinity give the reference limits', run: () => checkInfinity(plugin, options) },
    {
      id: 'kernel-hygiene',
      title: 'kernels write exactly [0, length) and never modify their inputs',
      run: () => checkKernelHygiene(plugin, options),
    },
    { id: 'allocation', title: 'kernels do not allocate per call', run: () => checkNoAllocation(plugin, options) },
  ];
  if (plugin.scalar) {
    checks.push({
      id: 'scalar-agreement',
      title: 'CPU kernels agree with the scalar definition',
      run: () => checkScalarAgreement(plugin, options),
    });
  }
  if (options.gpu && plugin.gpu) {
    checks.push({
      id: 'gpu-agreement',
      title: `gpu.js functions agree with the CPU kernels${options.gpu.mode ? ` (mode ${options.gpu.mode})` : ''}`,
      run: () => checkGpuAgreement(plugin, options),
    });
  }
  return checks;
}

/** Runs every check and returns the results by id; `passed` is true when no check has a failure. */
export async function runConformance<P extends string, L extends string>(
  plugin: ActivationPlugin<P, L>,
  options: ConformanceOptions<NoInfer<P>> = {},
): Promise<{
  /** True when no check reported a failure. */
  passed: boolean;
  /** Each check's result, by check id. */
  results: Record<string, CheckResult>;
}> {
  const results: Record<string, CheckResult> = {};
  for (const check of conformanceChecks(plugin, options)) results[check.id] = await check.run();
  return { passed: Object.values(results).every((r) => r.failures.length === 0), results };
}
