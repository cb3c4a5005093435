import { describe, expect, it } from 'vitest';
import { identity, sigmoid, tanh } from './activations';
import { createDefaultRegistry, defaultRegistry } from './defaults';
import { activation, dense, residual } from './builtin-layers';
import { sequential } from './model/sequential';

describe('default registry', () => {
  it('holds the built-in layer plugins and the baseline activations', () => {
    const registry = createDefaultRegistry();
    expect(registry.listLayers().map((p) => p.type)).toEqual(['dense', 'activation', 'residual', 'dropout']);
    expect(registry.listActivations()).toEqual([identity, sigmoid, tanh]);
    expect(createDefaultRegistry()).not.toBe(registry);
  });

  it('is what models use by default, and rebuilds a whole model from layer configs', () => {
    const model = sequential({
      inputShape: [2],
      seed: 4,
      layers: [dense(3), activation('sigmoid'), residual([dense(3), activation('tanh')]), dense(1)],
    });
    expect(model.registry).toBe(defaultRegistry);
    const configs = JSON.parse(JSON.stringify(model.layers.map((l) => l.config())));
    const rebuilt = sequential({
      inputShape: [2],
      seed: 4,
      layers: configs.map((c: { type: string }) => defaultRegistry.layer(c.type).fromConfig(c, defaultRegistry)),
    });
    expect(rebuilt.layers.map((l) => l.config())).toEqual(model.layers.map((l) => l.config()));
    expect(rebuilt.paramRefs().map((r) => [r.id, Array.from(r.param.value)])).toEqual(
      model.paramRefs().map((r) => [r.id, Array.from(r.param.value)]),
    );
  });
});
