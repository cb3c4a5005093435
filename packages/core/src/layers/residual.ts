import { RectifyError, ShapeError, ValidationError } from '../errors';
import { glorotUniform } from '../initializers';
import type { Registry } from '../registry';
import { checkConfigShape, configError, objectField } from './config-fields';
import { LAYER_API_VERSION, type Layer, type LayerConfig, type LayerDefinition, type ParamSpec } from './contract';
import { residualOnnxImport } from './residual-onnx-import';

/** Options of `residual`. */
export interface ResidualOptions {
  /**
   * Whether the skip path is a bias-free dense projection. Default: automatic (identity when the body keeps the
   * width, a projection when it changes it). `false` with a width change is a ShapeError.
   */
  readonly projection?: boolean;
}

/** The validated settings of a residual block. */
export interface ResidualSettings {
  /** The body layers, applied in order. */
  readonly layers: readonly Layer[];
  /** The skip choice; undefined is automatic. */
  readonly projection?: boolean;
}

/** JSON form of a residual block. `projection` is absent only for an unbuilt block left on automatic. */
export interface ResidualConfig extends LayerConfig {
  /** The layer plugin type. */
  readonly type: 'residual';
  /** The body layers' configs, in order. */
  readonly layers: readonly LayerConfig[];
  /** Whether the skip path is a dense projection (see {@link ResidualOptions}). */
  readonly projection?: boolean;
}

/**
 * `out = body(x) + skip(x)`: `skip` is the identity, or a bias-free dense projection (`projection.kernel`,
 * `[inputs, outputs]`, Glorot-uniform) when the body changes the width.
 */
export type Residual = Layer<ResidualSettings>;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Whether the block's skip is a projection, from the body's output shape. Throws when the choice cannot work. */
function needsProjection(s: ResidualSettings, input: readonly number[], output: readonly number[]): boolean {
  const same = sameShape(input, output);
  const projection = s.projection ?? !same;
  if (projection && (input.length !== 1 || output.length !== 1)) {
    throw new ShapeError(
      `residual: the body maps [${input.join(', ')}] to [${output.join(', ')}]; a projection skip needs 1-D shapes such as [16] → [8]`,
    );
  }
  if (!projection && !same) {
    throw new ShapeError(
      `residual: the body maps [${input.join(', ')}] to [${output.join(', ')}] but projection is false; keep the width or allow a projection`,
    );
  }
  return projection;
}

/** Everything of the `residual` layer plugin but its executors. */
export const residualDefinition = {
  type: 'residual',
  apiVersion: LAYER_API_VERSION,
  version: '2.0.0',
  validate(settings: ResidualSettings): ResidualSettings {
    const { layers, projection } = settings;
    if (!Array.isArray(layers) || layers.length === 0) {
      throw new ValidationError('residual: give a non-empty array of body layers, e.g. residual([dense(16), activation(relu)])');
    }
    if (projection !== undefined && typeof projection !== 'boolean') {
      throw new ValidationError('residual: projection must be true, false or omitted (automatic)');
    }
    return Object.freeze({ layers: Object.freeze([...layers]), projection });
  },
  parseConfig(config: LayerConfig, registry: Registry): ResidualSettings {
    checkConfigShape(config, 'residual', ['layers', 'projection']);
    if (!Array.isArray(config.layers) || config.layers.length === 0)
      configError('residual', 'layers', 'must be a non-empty array of layer configs');
    const layers = (config.layers as unknown[]).map((c, i) => {
      const child = objectField('residual', `layers.${i}`, c);
      if (typeof child.type !== 'string') configError('residual', `layers.${i}.type`, 'must be a layer type such as "dense"');
      try {
        return registry.layer(child.type).fromConfig(child as LayerConfig, registry);
      } catch (e) {
        if (e instanceof RectifyError) e.message = `residual layers.${i}: ${e.message}`;
        throw e;
      }
    });
    if (config.projection !== undefined && typeof config.projection !== 'boolean') {
      configError('residual', 'projection', `must be true or false, got ${JSON.stringify(config.projection)}`);
    }
    return { layers, projection: config.projection as boolean | undefined };
  },
  toConfig(s: ResidualSettings, layer): ResidualConfig {
    const projection = layer.built ? layer.params().length > 0 : s.projection;
    const layers = s.layers.map((l) => l.config());
    return projection === undefined ? { type: 'residual', layers } : { type: 'residual', layers, projection };
  },
  children: (s: ResidualSettings) => s.layers,
  outputShape(s: ResidualSettings, { input, children }): readonly number[] {
    const output = children[children.length - 1];
    needsProjection(s, input, output);
    return output;
  },
  params(s: ResidualSettings, { input, children }): readonly ParamSpec[] {
    const output = children[children.length - 1];
    if (!needsProjection(s, input, output)) return [];
    return [
      {
        name: 'projection.kernel',
        shape: [input[0], output[0]],
        decay: true,
        initializer: glorotUniform(),
        fanIn: input[0],
        fanOut: output[0],
      },
    ];
  },
  onnx: {
    /** The body's nodes, a `MatMul` for a projection skip, and the `Add`. */
    export(layer, input, ctx) {
      let h = input;
      layer.children().forEach((child, i) => {
        h = ctx.child(child, i, h);
      });
      const kernel = layer.params()[0];
      const skip = kernel
        ? ctx.node({
            opType: 'MatMul',
            name: 'projection',
            sinceVersion: 13,
            inputs: [input, ctx.initializer(kernel.name, kernel.shape, kernel.value)],
          })[0]
        : input;
      return ctx.node({ opType: 'Add', sinceVersion: 14, inputs: [h, skip] })[0];
    },
    import: residualOnnxImport,
  },
} satisfies Omit<LayerDefinition<ResidualSettings>, 'cpu'>;
