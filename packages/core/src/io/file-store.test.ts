import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tanh } from '../activations';
import { ModelFormatError } from '../errors';
import { activation, dense } from '../builtin-layers';
import { sequential } from '../model';
import { adam } from '../optimizers';
import { serializeModel } from '../serialization';
import { Tensor } from '../tensor';
import { fileStore } from './file-store';
import { loadModelFrom, saveModel } from './save-load';

// Lets one test make the next write fail half-way, as a full disk or a crash would.
const failNextWrite = vi.hoisted(() => ({ armed: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      if (!failNextWrite.armed) return handle;
      failNextWrite.armed = false;
      return Object.assign(Object.create(handle), {
        writeFile: async (data: string) => {
          await handle.writeFile(data.slice(0, data.length >> 1), 'utf8');
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
        close: () => handle.close(),
        sync: () => handle.sync(),
      });
    },
  };
});

function trained() {
  return sequential({ inputShape: [2], seed: 9, layers: [dense(4), activation(tanh), dense(1)] }).compile({
    loss: 'mse',
    optimizer: adam({ learningRate: 0.01 }),
  });
}

const x = new Tensor(Float32Array.from([0, 1, 1, 0, 0.5, -0.5]), [3, 2]);
const y = new Tensor(Float32Array.from([1, -1, 0.25]), [3, 1]);

describe('fileStore', () => {
  it('saves and loads a model bit for bit, with its optimizer state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rectify-io-'));
    const m = trained();
    await m.fit(x, y, { epochs: 3, batchSize: 2 });
    const store = fileStore(join(dir, 'model.json'));
    await saveModel(m, store);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(serializeModel(m));
    const back = await loadModelFrom(store);
    expect(back.getWeights()).toEqual(m.getWeights());
    expect(back.training?.optimizer.getState()).toEqual(m.training?.optimizer.getState());
    expect(readdirSync(dir)).toEqual(['model.json']); // no temporary file left behind
  });

  it('a write that fails half-way leaves the previous file intact and no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rectify-io-'));
    const path = join(dir, 'model.json');
    const m = trained();
    const store = fileStore(path);
    await saveModel(m, store);
    const before = readFileSync(path, 'utf8');
    await m.fit(x, y, { epochs: 2, batchSize: 2 });
    failNextWrite.armed = true;
    await expect(saveModel(m, store)).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['model.json']);
    expect((await loadModelFrom(store)).getWeights()).not.toEqual(m.getWeights()); // still the old model
  });

  it('loading still validates everything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rectify-io-'));
    const path = join(dir, 'model.json');
    const doc = JSON.parse(serializeModel(trained()));
    doc.weights['layers.0.kernel'].data.pop();
    writeFileSync(path, JSON.stringify(doc));
    await expect(loadModelFrom(fileStore(path))).rejects.toThrow(ModelFormatError);
    await expect(loadModelFrom(fileStore(join(dir, 'missing.json')))).rejects.toThrow(/ENOENT/);
  });
});
