import { ValidationError } from '../errors';
import type { ModelStore } from './contract';

/** The part of the Web Storage API that {@link localStorageStore} uses; `window.localStorage` satisfies it. */
export interface StorageLike {
  /** The stored text, or null. */
  getItem(key: string): string | null;
  /** Stores text (throws when the quota is exceeded). */
  setItem(key: string, value: string): void;
}

function missing(what: string): never {
  throw new ValidationError(
    `${what} is not available here; use it in a browser, or fileStore(path) from @rectify/core/node in Node`,
  );
}

function notFound(url: string): never {
  throw new ValidationError(`no model is stored at ${url}; save one there first`, 'NOT_FOUND');
}

/** Keeps the model under `key` in `localStorage` (about 5 MB per origin: small models only). */
export function localStorageStore(key: string, storage?: StorageLike): ModelStore {
  const url = `localstorage://${key}`;
  const get = () => storage ?? (globalThis as { localStorage?: StorageLike }).localStorage ?? missing('localStorage');
  return Object.freeze({
    url,
    async save(json: string) {
      get().setItem(key, json);
    },
    async load() {
      return get().getItem(key) ?? notFound(url);
    },
  });
}

function request<T>(req: IDBRequestLike<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The part of an IndexedDB request used here (typed locally so core compiles without the DOM typings). */
interface IDBRequestLike<T> {
  readonly result: T;
  readonly error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}

interface IDBLike {
  open(name: string, version: number): IDBRequestLike<IDBDatabaseLike> & { onupgradeneeded: (() => void) | null };
}

interface IDBDatabaseLike {
  readonly objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string): unknown;
  transaction(
    store: string,
    mode: 'readonly' | 'readwrite',
  ): {
    objectStore(name: string): {
      put(value: string, key: string): IDBRequestLike<unknown>;
      get(key: string): IDBRequestLike<unknown>;
    };
  };
  close(): void;
}

const OBJECT_STORE = 'models';

async function openDb(database: string): Promise<IDBDatabaseLike> {
  const idb = (globalThis as { indexedDB?: IDBLike }).indexedDB ?? missing('IndexedDB');
  const req = idb.open(database, 1);
  req.onupgradeneeded = () => {
    if (!req.result.objectStoreNames.contains(OBJECT_STORE)) req.result.createObjectStore(OBJECT_STORE);
  };
  return request(req);
}

/** Keeps the model under `key` in the IndexedDB database `database` (object store `models`); no small quota. */
export function indexedDBStore(key: string, database = 'rectify'): ModelStore {
  const url = `indexeddb://${database}/${key}`;
  return Object.freeze({
    url,
    async save(json: string) {
      const db = await openDb(database);
      try {
        await request(db.transaction(OBJECT_STORE, 'readwrite').objectStore(OBJECT_STORE).put(json, key));
      } finally {
        db.close();
      }
    },
    async load() {
      const db = await openDb(database);
      try {
        const value = await request(db.transaction(OBJECT_STORE, 'readonly').objectStore(OBJECT_STORE).get(key));
        return typeof value === 'string' ? value : notFound(url);
      } finally {
        db.close();
      }
    },
  });
}

/** Offers the model as a file download named `filename` (browsers only; save only). */
export function downloadStore(filename = 'model.json'): ModelStore {
  return Object.freeze({
    url: `download://${filename}`,
    async save(json: string) {
      const g = globalThis as {
        document?: { createElement(tag: 'a'): { href: string; download: string; click(): void } };
        URL: { createObjectURL?(blob: unknown): string; revokeObjectURL?(url: string): void };
        Blob?: new (parts: string[], options: { type: string }) => unknown;
      };
      if (!g.document || !g.Blob || !g.URL.createObjectURL) missing('a download');
      const href = g.URL.createObjectURL(new g.Blob([json], { type: 'application/json' }));
      const a = g.document.createElement('a');
      a.href = href;
      a.download = filename;
      a.click();
      // Revoked on a later task: revoking at once can cancel the download in some browsers.
      setTimeout(() => g.URL.revokeObjectURL?.(href), 0);
    },
    async load(): Promise<string> {
      throw new ValidationError(`a download cannot be read back; load the file with urlStore(url) or from a file input`);
    },
  });
}

/** Loads a model from `url` with `fetch` (load only). A response that is not 2xx is a clear error. */
export function urlStore(url: string, init?: { readonly headers?: Record<string, string> }): ModelStore {
  return Object.freeze({
    url,
    async save(): Promise<void> {
      throw new ValidationError(
        `cannot save to ${url}; urlStore only loads. Save with downloadStore, indexedDBStore or fileStore`,
      );
    },
    async load() {
      const f = (
        globalThis as { fetch?: (u: string, i?: unknown) => Promise<{ ok: boolean; status: number; text(): Promise<string> }> }
      ).fetch;
      if (!f) missing('fetch');
      const res = await f(url, init);
      if (!res.ok) throw new ValidationError(`loading ${url} failed with HTTP ${res.status}`, 'NOT_FOUND');
      return res.text();
    },
  });
}
