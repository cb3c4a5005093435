import { findScenario } from '../scenarios/definitions';
import { variantState } from '../scenarios/variant-state';
import { applyPatch } from '../state/patch';
import type { PlaygroundState } from '../state/types';
import type { RunSpec } from '../worker/protocol';

/** The models a state trains: a scenario's variants, the compared activations, or just the one model. */
export function runSpecs(state: PlaygroundState): RunSpec[] {
  const scenario = state.scenario ? findScenario(state.scenario) : undefined;
  if (scenario) {
    return scenario.variants.map((v) => {
      const s = variantState(scenario, v, state.training.seed);
      return { label: v.label, state: { ...s, backend: state.backend } };
    });
  }
  if (state.compare.length >= 2) return state.compare.map((a) => ({ label: a, state: applyPatch(state, { activation: a }) }));
  return [{ label: 'model', state }];
}
