import { collectParamRefs, createRng, type Layer, type Registry, Tensor } from '@rectify/core';
import type { LayerInstance, LayerSubject } from './contract';

interface SerializedLayer {
  readonly config: ReturnType<Layer['config']>;
  readonly params: Record<string, number[]>;
}

function instanceOf(layer: Layer, inputShape: readonly number[]): LayerInstance {
  // Parameters of nested layers (a residual block's body) count as the layer's own, named by their path.
  const params = () =>
    collectParamRefs([layer], 'layer').map(({ id, param }) => ({ name: id, value: param.value, grad: param.grad }));
  let lastInput: Tensor | undefined;
  let lastDy: Tensor | undefined;
  return {
    outputShape: layer.outputShape,
    params,
    state: () => [],
    forward(x, batch, training) {
      if (lastInput?.data !== x || lastInput.shape[0] !== batch) lastInput = new Tensor(x, [batch, ...inputShape]);
      return layer.forward(lastInput, training).data;
    },
    backward(dy) {
      const batch = lastInput?.shape[0] ?? 0;
      if (lastDy?.data !== dy || lastDy.shape[0] !== batch) lastDy = new Tensor(dy, [batch, ...layer.outputShape]);
      return layer.backward(lastDy).data;
    },
    serialize(): SerializedLayer {
      return { config: layer.config(), params: Object.fromEntries(params().map((p) => [p.name, Array.from(p.value)])) };
    },
  };
}

/**
 * A {@link LayerSubject} for a layer of core's layer contract: `make()` returns an unbuilt layer, built here with
 * the model-style seeded `rng`; serialisation goes through `config()` and the registry's `fromConfig`.
 */
export function layerSubjectFromCoreLayer(
  name: string,
  make: () => Layer,
  inputShape: readonly number[],
  registry: Registry,
): LayerSubject {
  const built = (layer: Layer, seed: number) => {
    layer.build(inputShape, { rng: createRng(seed), registry });
    return layer;
  };
  return {
    name,
    inputShape,
    create: (seed) => instanceOf(built(make(), seed), inputShape),
    restore(data) {
      const saved = data as SerializedLayer;
      const layer = built(registry.layer(saved.config.type).fromConfig(saved.config, registry), 0);
      const instance = instanceOf(layer, inputShape);
      for (const p of instance.params()) p.value.set(saved.params[p.name] ?? []);
      return instance;
    },
  };
}
