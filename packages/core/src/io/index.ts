export type { ModelStore } from './contract';
export { downloadStore, indexedDBStore, localStorageStore, type StorageLike, urlStore } from './browser';
export { loadModelFrom, saveModel } from './save-load';
