import type { ActivationPlugin } from '../activation/contract';

/**
 * A copy of a layer config in which every activation's hyper-parameters that equal the plugin's default are left
 * out (loading fills defaults back in). This keeps files short and lets defaults JSON cannot hold, such as a ReLU
 * cap of Infinity, be saved. Recurses into nested layer configs (residual bodies).
 */
export function omitDefaultHyper(value: unknown, plugins: ReadonlyMap<string, ActivationPlugin>): unknown {
  if (Array.isArray(value)) return value.map((v) => omitDefaultHyper(v, plugins));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(record)) out[key] = omitDefaultHyper(v, plugins);
  const spec = record.activation as { name?: unknown; hyper?: unknown } | undefined;
  if (record.type === 'activation' && typeof spec === 'object' && spec !== null && typeof spec.name === 'string') {
    const plugin = plugins.get(spec.name);
    if (plugin && typeof spec.hyper === 'object' && spec.hyper !== null) {
      const hyper: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(spec.hyper)) {
        if (!(Object.hasOwn(plugin.params, k) && Object.is(plugin.params[k].default, v))) hyper[k] = v;
      }
      out.activation = { ...(out.activation as object), hyper };
    }
  }
  return out;
}
