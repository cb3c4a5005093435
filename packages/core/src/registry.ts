import { isActivationPlugin } from './activation/define';
import type { ActivationPlugin } from './activation/contract';
import { PluginError } from './errors';
import type { LayerPlugin } from './layers/contract';
import { quoteName } from './quote-name';

/** Options for {@link Registry.registerActivation} and {@link Registry.registerLayer}. */
export interface RegisterOptions {
  /** Replace a plugin already registered under the same name instead of failing. */
  readonly replace?: boolean;
}

/**
 * Maps plugin names to activation and layer plugins. Model JSON names plugins, and loading looks them up here,
 * so nothing in the data is ever executed. Apps normally use {@link defaultRegistry}; tests and sandboxes can
 * create their own with {@link createRegistry}.
 */
export class Registry {
  private readonly activations = new Map<string, ActivationPlugin>();
  private readonly layers = new Map<string, LayerPlugin>();

  /** Registers activation plugins. Two plugins with one name is an error unless `replace` is set. */
  registerActivation(plugin: ActivationPlugin, options: RegisterOptions = {}): this {
    if (!isActivationPlugin(plugin)) {
      throw new PluginError(
        'registerActivation: expected a plugin made by defineActivation(); wrap your definition in defineActivation({...})',
      );
    }
    const existing = this.activations.get(plugin.name);
    if (existing && existing !== plugin && !options.replace) {
      throw new PluginError(
        `registerActivation: an activation named "${plugin.name}" is already registered (version ${existing.version}); pass { replace: true } to replace it`,
        'DUPLICATE_PLUGIN',
      );
    }
    this.activations.set(plugin.name, plugin);
    return this;
  }

  /** Registers a layer plugin. Two plugins with one type is an error unless `replace` is set. */
  registerLayer(plugin: LayerPlugin, options: RegisterOptions = {}): this {
    if (
      typeof plugin !== 'object' ||
      plugin === null ||
      typeof plugin.type !== 'string' ||
      typeof plugin.fromConfig !== 'function'
    ) {
      throw new PluginError('registerLayer: a layer plugin needs a string `type` and a `fromConfig(config, registry)` function');
    }
    const existing = this.layers.get(plugin.type);
    if (existing && existing !== plugin && !options.replace) {
      throw new PluginError(
        `registerLayer: a layer type "${plugin.type}" is already registered; pass { replace: true } to replace it`,
        'DUPLICATE_PLUGIN',
      );
    }
    this.layers.set(plugin.type, plugin);
    return this;
  }

  /** The activation registered under `name`; throws naming the known ones and the fix when there is none. */
  activation(name: string): ActivationPlugin {
    const plugin = this.activations.get(name);
    if (!plugin) {
      throw new PluginError(
        `unknown activation ${quoteName(name)}; registered: ${[...this.activations.keys()].join(', ') || 'none'}. Install its package and call registerActivation() before loading`,
        'UNKNOWN_PLUGIN',
      );
    }
    return plugin;
  }

  /** The layer plugin registered under `type`; throws naming the known ones when there is none. */
  layer(type: string): LayerPlugin {
    const plugin = this.layers.get(type);
    if (!plugin) {
      throw new PluginError(
        `unknown layer type ${quoteName(type)}; registered: ${[...this.layers.keys()].join(', ') || 'none'}. Register its plugin with registerLayer() before loading`,
        'UNKNOWN_PLUGIN',
      );
    }
    return plugin;
  }

  /** True when an activation with this name is registered. */
  hasActivation(name: string): boolean {
    return this.activations.has(name);
  }

  /** Every registered activation, in registration order. */
  listActivations(): ActivationPlugin[] {
    return [...this.activations.values()];
  }

  /** Every registered layer type, in registration order. */
  listLayers(): LayerPlugin[] {
    return [...this.layers.values()];
  }
}

/** An empty registry. Built-in layers and baseline activations are added by {@link createDefaultRegistry}. */
export function createRegistry(): Registry {
  return new Registry();
}
