import type { ModelJSON } from './format';
import { fail, type Path } from './schema-helpers';

/**
 * Bounds what building the layers will allocate, before anything is built. Building trusts layer configs, and a
 * dense config with `units: 100000000` would allocate its kernel before the weights could be compared. So for the
 * built-in layers, whose shapes are known, the kernel each dense config implies (`[width, units]`, the width
 * followed through activation and residual layers) must be the kernel declared in `weights`, which the schema
 * already bounded. Third-party layers validate their own configs; after one, widths are unknown and only the
 * units of a dense kernel are compared.
 */
export function precheckSizes(doc: ModelJSON): void {
  const width = doc.inputShape.length === 1 ? doc.inputShape[0] : null;
  walk(doc.layers, width, 'layers', ['layers'], doc);
}

function walk(layers: readonly unknown[], width: number | null, idPrefix: string, path: Path, doc: ModelJSON): number | null {
  let w = width;
  layers.forEach((item, i) => {
    const layer = item as Record<string, unknown>;
    const id = `${idPrefix}.${i}`;
    const here = [...path, i];
    if (layer.type === 'dense') {
      w = checkDense(layer, w, id, here, doc);
    } else if (layer.type === 'residual' && Array.isArray(layer.layers)) {
      const out = walk(layer.layers, w, `${id}.body`, [...here, 'layers'], doc);
      const needProjection = layer.projection === true || (layer.projection === undefined && out !== w);
      if (needProjection) {
        const kernel = doc.weights[`${id}.projection.kernel`];
        if (!kernel) fail(['weights', `${id}.projection.kernel`], `missing: the residual block ${id} needs a projection kernel`);
        if (w !== null && out !== null && (kernel.shape[0] !== w || kernel.shape[1] !== out)) {
          fail(
            ['weights', `${id}.projection.kernel`],
            `has shape [${kernel.shape.join(', ')}] but block ${id} needs [${w}, ${out}]`,
          );
        }
      }
      w = out;
    } else if (layer.type !== 'activation') {
      w = null;
    }
  });
  return w;
}

function checkDense(layer: Record<string, unknown>, width: number | null, id: string, path: Path, doc: ModelJSON): number | null {
  const units = layer.units;
  if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) return null; // fromConfig reports it
  const kernelId = `${id}.kernel`;
  const kernel = doc.weights[kernelId];
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
