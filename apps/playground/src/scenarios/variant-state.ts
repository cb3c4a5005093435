import { applyPatch } from '../state/patch';
import type { PlaygroundState } from '../state/types';
import type { Scenario, ScenarioVariant } from './types';

/** The full state one variant of a scenario trains, with the model seed given (data stay the same). */
export function variantState(scenario: Scenario, variant: ScenarioVariant, seed = scenario.base.training.seed): PlaygroundState {
  const s = applyPatch(scenario.base, variant.patch);
  return { ...s, training: { ...s.training, seed } };
}
