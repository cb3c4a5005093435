import { ValidationError } from '../errors';
import type { Sequential } from '../model/sequential';
import { type LoadModelOptions, loadModel } from '../serialization/load';
import { type ModelToJSONOptions, serializeModel } from '../serialization/to-json';
import type { ModelStore } from './contract';

function checkStore(where: string, store: ModelStore): void {
  if (typeof store !== 'object' || store === null || typeof store.save !== 'function' || typeof store.load !== 'function') {
    throw new ValidationError(
      `${where}: store must be a ModelStore such as fileStore(path), localStorageStore(key) or indexedDBStore(name)`,
    );
  }
}

/** Serialises the model (weights, plugins, training state; see `serializeModel`) into `store`. */
export async function saveModel(model: Sequential, store: ModelStore, options?: ModelToJSONOptions): Promise<void> {
  checkStore('saveModel', store);
  await store.save(serializeModel(model, options));
}

/** Reads a model from `store` and loads it through `loadModel`, with every one of its checks. */
export async function loadModelFrom(store: ModelStore, options?: LoadModelOptions): Promise<Sequential> {
  checkStore('loadModelFrom', store);
  return loadModel(await store.load(), options);
}
