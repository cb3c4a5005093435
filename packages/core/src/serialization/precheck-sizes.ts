import type { Registry } from '../registry';
import type { ModelJSON } from './format';
import type { ResolvedModelLimits } from './limits';
import { majorVersion } from './schema';
import { fail, type Path } from './schema-helpers';

/**
 * Bounds what building the layers will allocate, before anything is built. Building trusts layer configs, and a
 * dense config with `units: 100000000` or a PReLU with `numParameters: 1e9` would allocate before the weights could
 * be compared. So, at every depth (residual bodies included): the layers are counted against `maxLayers`; the kernel
 * each dense config implies (`[width, units]`, the width followed through activation and residual layers) must be
 * the kernel declared in `weights`, which the schema already bounded; and each learnable parameter of an activation
 * must be declared in `weights` with the size the plugin gives it. Third-party layers validate their own configs;
 * after one, widths are unknown and only the units of a dense kernel are compared. Whatever building still
 * allocates is charged to `maxParameters` before it is allocated (`loadModel` builds with that budget).
 *
 * Also applies the version rule: an activation layer's `activation.version`, when present, must equal the version
 * that the document's `activations` table lists for that plugin (the table itself may not be newer, by major
 * version, than the registered plugin: see `loadModel`).
 */
export function precheckSizes(doc: ModelJSON, limits: ResolvedModelLimits, registry: Registry): void {
  const width = doc.inputShape.length === 1 ? doc.inputShape[0] : null;
  new Prechecker(doc, limits, registry).walk(doc.layers, width, 'layers', ['layers']);
}

class Prechecker {
  private layerCount = 0;

  constructor(
    private readonly doc: ModelJSON,
    private readonly limits: ResolvedModelLimits,
    private readonly registry: Registry,
  ) {}

  walk(layers: readonly unknown[], width: number | null, idPrefix: string, path: Path): number | null {
    let w = width;
    layers.forEach((item, i) => {
      const layer = item as Record<string, unknown>;
      const id = `${idPrefix}.${i}`;
      const here = [...path, i];
      if (++this.layerCount > this.limits.maxLayers) {
        fail(here, `the document has more than ${this.limits.maxLayers} layers, counted at every depth (maxLayers)`);
      }
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        w = null; // not a layer config: fromConfig reports it with its path
        return;
      }
      if (layer.type === 'dense') {
        w = this.dense(layer, w, id, here);
      } else if (layer.type === 'residual' && Array.isArray(layer.layers)) {
        w = this.residual(layer, w, id, here);
      } else if (layer.type === 'activation') {
        this.activation(layer, w, id, here);
      } else {
        w = null;
      }
    });
    return w;
  }

  private residual(layer: Record<string, unknown>, w: number | null, id: string, here: Path): number | null {
    const out = this.walk(layer.layers as unknown[], w, `${id}.body`, [...here, 'layers']);
    const needProjection = layer.projection === true || (layer.projection === undefined && out !== w);
    if (needProjection) {
      const kernel = this.doc.weights[`${id}.projection.kernel`];
      if (!kernel) fail(['weights', `${id}.projection.kernel`], `missing: the residual block ${id} needs a projection kernel`);
      if (w !== null && out !== null && (kernel.shape[0] !== w || kernel.shape[1] !== out)) {
        fail(
          ['weights', `${id}.projection.kernel`],
          `has shape [${kernel.shape.join(', ')}] but block ${id} needs [${w}, ${out}]`,
        );
      }
    }
    return out;
  }

  private dense(layer: Record<string, unknown>, width: number | null, id: string, path: Path): number | null {
    const units = layer.units;
    if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) return null; // fromConfig reports it
    const kernelId = `${id}.kernel`;
    const kernel = this.doc.weights[kernelId];
    if (!kernel)
      fail(
        ['weights', kernelId],
        `missing: the dense layer at ${id} (${units} units) has a kernel but weights has no "${kernelId}"`,
      );
    const expected = width === null ? null : [width, units];
    if (kernel.shape.length !== 2 || kernel.shape[1] !== units || (expected && kernel.shape[0] !== width)) {
      fail(
        [...path, 'units'],
        `the dense layer at ${id} has ${units} units, so its kernel is [${expected ? expected.join(', ') : `inputs, ${units}`}], but weights declare "${kernelId}" as [${kernel.shape.join(', ')}]`,
      );
    }
    return units;
  }

  /** The version rule, and every learnable parameter declared in `weights` with the size the plugin gives it. */
  private activation(layer: Record<string, unknown>, width: number | null, id: string, path: Path): void {
    const spec = layer.activation as Record<string, unknown> | undefined;
    if (typeof spec !== 'object' || spec === null || typeof spec.name !== 'string') return; // fromConfig reports it
    const name = spec.name;
    if (!this.registry.hasActivation(name)) return; // fromConfig names the unknown plugin
    const listed = Object.hasOwn(this.doc.activations, name) ? this.doc.activations[name] : undefined;
    if (spec.version !== undefined) {
      if (listed === undefined) {
        fail(['activations'], `layer ${id} uses the activation "${name}", which the document does not list in activations`);
      }
      if (spec.version !== listed || Number.isNaN(majorVersion(String(spec.version)))) {
        fail(
          [...path, 'activation', 'version'],
          `layer ${id} declares activation "${name}" version ${JSON.stringify(spec.version).slice(0, 40)}, but the document's activations table lists ${listed}; a layer's version must equal the table's`,
        );
      }
    }
    const plugin = this.registry.activation(name);
    const learnable = Object.entries(plugin.learnable);
    if (learnable.length === 0) return;
    let hyper: ReturnType<typeof plugin.resolve>;
    try {
      hyper = plugin.resolve((spec.hyper ?? {}) as Record<string, number>);
    } catch (e) {
      fail([...path, 'activation', 'hyper'], (e as Error).message);
    }
    for (const [key, learn] of learnable) {
      const size = learn.size(hyper);
      const paramId = `${id}.${key}`;
      const declared = this.doc.weights[paramId];
      if (!declared) fail(['weights', paramId], `missing: layer ${id} (${name}) has a learnable "${key}" of ${size} values`);
      if (declared.shape.length !== 1 || declared.shape[0] !== size || (width !== null && size !== 1 && size !== width)) {
        fail(
          [...path, 'activation', 'hyper'],
          `layer ${id} (${name}) gives its learnable "${key}" ${size} values${width !== null ? ` for ${width} channels` : ''}, but weights declare "${paramId}" as [${declared.shape.join(', ')}]`,
        );
      }
    }
  }
}
