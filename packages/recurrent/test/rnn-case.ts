import type { ActivationPlugin, Layer, Registry } from '@rectify/core';
import { addingProblem, identityInit, simpleRNN, simpleRnnLayerPlugin } from '../src';

export { addingProblem };

/** `registry` with ReLU and the SimpleRNN plugin registered. */
export function rnnRegistry(registry: Registry, relu: ActivationPlugin): Registry {
  return registry.registerActivation(relu).registerLayer(simpleRnnLayerPlugin);
}

/**
 * Small recurrent models for the adding problem over `[steps, 2]` that use every branch of the gpu executor: a tanh
 * cell's last state; an IRNN (relu, identity recurrence) whose whole sequence feeds a second tanh cell, so the
 * sequence output and the input gradient run on the device too. `dense` is passed in so a browser page can use its
 * own bundled copy of core.
 */
export function rnnModels(dense: (units: number) => Layer): readonly { readonly name: string; readonly layers: () => Layer[] }[] {
  return [
    { name: 'tanh, last state', layers: () => [simpleRNN(6), dense(1)] },
    {
      name: 'relu sequence into tanh',
      layers: () => [
        simpleRNN(5, { activation: 'relu', recurrentInitializer: identityInit(), returnSequences: true }),
        simpleRNN(4),
        dense(1),
      ],
    },
  ];
}

/** Largest |a − b| / (1 + |b|). */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}
