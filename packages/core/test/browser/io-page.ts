// Bundled by ../browser-io.test.ts with esbuild and run in Chromium: the browser model stores, end to end.
import {
  activation,
  adam,
  dense,
  downloadStore,
  indexedDBStore,
  loadModelFrom,
  localStorageStore,
  type ModelStore,
  saveModel,
  type Sequential,
  sequential,
  serializeModel,
  tanh,
  tensor,
  urlStore,
} from '@rectify/core';

const x = tensor([
  [0, 1],
  [1, 0],
  [0.5, -2],
]);

function model(): Sequential {
  return sequential({ inputShape: [2], seed: 4, layers: [dense(5), activation(tanh), dense(2)] }).compile({
    loss: 'softmax-cross-entropy',
    optimizer: adam({ learningRate: 0.01 }),
  });
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

async function roundTrip(store: ModelStore) {
  const m = model();
  await m.fit(x, [0, 1, 1], { epochs: 2, batchSize: 2 });
  await saveModel(m, store);
  const back = await loadModelFrom(store);
  return {
    same: serializeModel(back) === serializeModel(m),
    predictions: Array.from(back.predict(x).data),
    expected: Array.from(m.predict(x).data),
  };
}

const api = {
  async localStorage() {
    const r = await roundTrip(localStorageStore('rectify-test'));
    localStorage.setItem('rectify-bad', '{"format":"rectify-model","version":"1.0.0","layers":[]}');
    return {
      ...r,
      bad: await errorOf(loadModelFrom(localStorageStore('rectify-bad'))),
      missing: await errorOf(loadModelFrom(localStorageStore('nope'))),
    };
  },
  async indexedDB() {
    const r = await roundTrip(indexedDBStore('xor', 'rectify-test'));
    const again = await indexedDBStore('xor', 'rectify-test').load(); // a second open of the same database
    return { ...r, again: again.length > 0, missing: await errorOf(indexedDBStore('nope', 'rectify-test').load()) };
  },
  async download() {
    const m = model();
    await saveModel(m, downloadStore('my-model.json'));
    return { json: serializeModel(m), load: await errorOf(downloadStore().load()) };
  },
  async url(base: string) {
    const m = await loadModelFrom(urlStore(`${base}model.json`));
    return {
      predictions: Array.from(m.predict(x).data),
      bad: await errorOf(loadModelFrom(urlStore(`${base}bad.json`))),
      missing: await errorOf(loadModelFrom(urlStore(`${base}missing.json`))),
      save: await errorOf(saveModel(m, urlStore(`${base}model.json`))),
    };
  },
};

(globalThis as unknown as { rectifyIo: typeof api }).rectifyIo = api;
