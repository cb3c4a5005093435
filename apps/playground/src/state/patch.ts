import type { HiddenLayerSpec, NormName, PlaygroundState } from './types';

/** A deep partial of the state, for scenario variants. */
export interface StatePatch {
  readonly dataset?: Partial<PlaygroundState['dataset']>;
  readonly network?: Partial<PlaygroundState['network']>;
  readonly training?: Partial<PlaygroundState['training']>;
  readonly backend?: Partial<PlaygroundState['backend']>;
  /** Sets this activation (and hyper-parameters) on every hidden layer. */
  readonly activation?: string;
  readonly hyper?: Readonly<Record<string, number>>;
  /** Puts this norm after every hidden layer's dense layer. */
  readonly norm?: NormName;
}

/** `count` hidden layers of `units` units with one activation. */
export function stack(count: number, units: number, activation = 'relu'): HiddenLayerSpec[] {
  return Array.from({ length: count }, () => ({ units, activation, hyper: {} }));
}

/** Applies a patch to a state, returning a new state. */
export function applyPatch(state: PlaygroundState, patch: StatePatch): PlaygroundState {
  let network = { ...state.network, ...patch.network };
  if (patch.activation) {
    const activation = patch.activation;
    network = { ...network, hidden: network.hidden.map((l) => ({ ...l, activation, hyper: { ...patch.hyper } })) };
  }
  if (patch.norm) {
    const norm = patch.norm;
    network = { ...network, hidden: network.hidden.map((l) => ({ ...l, norm })) };
  }
  return {
    dataset: { ...state.dataset, ...patch.dataset },
    network,
    training: { ...state.training, ...patch.training },
    backend: { ...state.backend, ...patch.backend },
    compare: state.compare,
    ...(state.scenario === undefined ? {} : { scenario: state.scenario }),
  };
}
