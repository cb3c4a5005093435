// Every activation plugin the repo ships (core's baselines, the four plugins, the third-party Swish example),
// registered the way an app registers them, with the hyper-parameter settings whose kernels take other branches.
import { type ActivationPlugin, type Registry, createDefaultRegistry } from '@rectify/core';
import { elu } from '@rectify/elu';
import { leakyRelu } from '@rectify/leaky-relu';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { swish } from '../../../examples/third-party-plugin/src/index';
import type { ProbeCase } from './activation-probe';

/** A registry like the playground's: core's defaults plus every plugin. */
export function fullRegistry(): Registry {
  const registry = createDefaultRegistry();
  for (const p of [relu, leakyRelu, prelu, elu, swish] as ActivationPlugin[]) registry.registerActivation(p, { replace: true });
  return registry;
}

/** One case per registered plugin (defaults), plus capped ReLU, other slopes / alpha and per-channel learnables. */
export function probeCases(registry: Registry = fullRegistry()): ProbeCase[] {
  const cases: ProbeCase[] = registry.listActivations().map((act) => ({ label: `${act.name} (defaults)`, act }));
  cases.push(
    // ReLU's sign of zero is one rule on every backend (relu(−0) = −0, gradient +0 where x <= 0): compared exactly.
    { label: 'relu signed zeros', act: relu, signedZeros: true },
    { label: 'relu cap 6', act: relu, hyper: () => ({ cap: 6 }), signedZeros: true },
    { label: 'relu cap 0.5', act: relu, hyper: () => ({ cap: 0.5 }) },
    { label: 'leaky-relu 0.2', act: leakyRelu, hyper: () => ({ negativeSlope: 0.2 }) },
    { label: 'elu alpha 0.5', act: elu, hyper: () => ({ alpha: 0.5 }) },
    {
      label: 'prelu per channel',
      act: prelu,
      hyper: (n) => ({ numParameters: n }),
      learnableValue: (_k, i) => 0.05 * (i % 7) - 0.1,
    },
    { label: 'swish beta 1.7', act: swish, learnableValue: () => 1.7 },
    // β = 0 makes Swish x/2: 0·∞ must not turn ±∞ into NaN.
    { label: 'swish beta 0', act: swish, learnableValue: () => 0 },
    {
      label: 'swish per channel',
      act: swish,
      hyper: (n) => ({ numParameters: n }),
      learnableValue: (_k, i) => 0.4 * (i % 5) - 0.8,
    },
  );
  return cases;
}
