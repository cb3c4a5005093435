import { type Backend, type Registry, loadModel, serializeModel } from '@rectify/core';
import type { Dataset } from '../data/types';
import type { PlaygroundState } from '../state/types';
import { adoptModel } from './build-model';
import { Trainer } from './trainer';

/** The trained model as Rectify model JSON (weights, config and optimizer state); syncs through the async members. */
export async function exportModel(t: Trainer): Promise<string> {
  await t.syncAsync();
  return serializeModel(t.built.model);
}

/**
 * Validates and loads model JSON from a file the user picked, then trains it on the current data. Throws a
 * RectifyError naming the problem (core's ModelFormatError carries a JSON pointer) when the file is broken or the
 * model does not fit the data or the playground's layer shapes.
 */
export function importModel(text: string, registry: Registry, state: PlaygroundState, data: Dataset, backend?: Backend): Trainer {
  const model = loadModel(text, { registry, compile: false });
  return new Trainer(state, data, registry, backend, adoptModel(model, state, data, backend));
}
