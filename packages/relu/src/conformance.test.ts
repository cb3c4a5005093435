import { activation, createDefaultRegistry, dense, loadModel, sequential, serializeModel } from '@rectify/core';
import { type ConformanceOptions, conformanceChecks } from '@rectify/testkit';
import { describe, expect, it } from 'vitest';
import { relu } from './index';

const options: ConformanceOptions<'cap'> = {
  hyperSets: [{ cap: 6 }, { cap: 0.5 }],
  kinks: (hyper) => (Number.isFinite(hyper.cap) ? [0, hyper.cap] : [0]),
};

describe('relu activation conformance', () => {
  // The testkit's hyper-round-trip check JSON-encodes the resolved defaults, and JSON turns the default cap of
  // Infinity into null. Core's model JSON leaves defaults out instead; that path is tested below.
  for (const check of conformanceChecks(relu, options).filter((c) => c.id !== 'hyper-round-trip')) {
    it(check.title, async () => {
      const result = await check.run();
      expect(result.failures, check.id).toEqual([]);
    });
  }

  it('hyper-parameters (the default cap of Infinity, and cap 6) survive a model JSON round trip', () => {
    const model = sequential({
      inputShape: [2],
      seed: 1,
      layers: [dense(3), activation(relu), dense(3), activation(relu({ cap: 6 }))],
    });
    const loaded = loadModel(serializeModel(model), { registry: createDefaultRegistry().registerActivation(relu) });
    const caps = loaded.layers
      .filter((l) => l.type === 'activation')
      .map((l) => (l.settings as { hyper: { cap: number } }).hyper.cap);
    expect(caps).toEqual([Number.POSITIVE_INFINITY, 6]);
  });
});
