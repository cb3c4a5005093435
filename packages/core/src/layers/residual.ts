import { RectifyError, ShapeError, ValidationError } from '../errors';
import type { Registry } from '../registry';
import type { Tensor } from '../tensor';
import { checkBatchInput, checkBuilt } from './check-input';
import { checkConfigShape, configError, objectField } from './config-fields';
import { type BuildContext, LAYER_API_VERSION, type Layer, type LayerConfig, type LayerPlugin, type Param } from './contract';
import { Dense } from './dense';
import { ReusableTensor } from './reusable-tensor';

/** Options of {@link residual}. */
export interface ResidualOptions {
  /**
   * Whether the skip path is a bias-free dense projection. Default: automatic (identity when the body keeps the
   * width, a projection when it changes it). `false` with a width change is a ShapeError.
   */
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
 * `[inputs, outputs]`) when the body changes the width. Body parameters have ids `body.<i>.<name>` inside the block.
 * Create it with {@link residual}.
 */
export class Residual implements Layer {
  readonly type = 'residual';
  /** The body layers, applied in order. */
  readonly body: readonly Layer[];
  inputShape: readonly number[] = [];
  outputShape: readonly number[] = [];
  /** The skip projection, or null for an identity skip; set by `build`. */
  projection: Dense | null = null;
  private readonly projectionOption: boolean | undefined;
  private built = false;
  private projectionParams: Param[] = [];
  private out!: ReusableTensor;
  private dxBuf!: ReusableTensor;
  private lastX: Tensor | null = null;

  /**
   * An unbuilt block; `build` builds the body in order and decides the skip path.
   * @param layers - The body, at least one layer.
   * @throws ValidationError when `layers` is empty or `projection` is not a boolean.
   */
  constructor(layers: readonly Layer[], options: ResidualOptions = {}) {
    if (!Array.isArray(layers) || layers.length === 0) {
      throw new ValidationError('residual: give a non-empty array of body layers, e.g. residual([dense(16), activation(relu)])');
    }
    if (options.projection !== undefined && typeof options.projection !== 'boolean') {
      throw new ValidationError('residual: projection must be true, false or omitted (automatic)');
    }
    this.body = Object.freeze([...layers]);
    this.projectionOption = options.projection;
  }

  build(inputShape: readonly number[], ctx: BuildContext): readonly number[] {
    checkBuilt('residual', this.built, false);
    let shape = inputShape;
    this.body.forEach((layer, i) => {
      try {
        shape = layer.build(shape, ctx);
      } catch (e) {
        if (e instanceof RectifyError) e.message = `residual body.${i}: ${e.message}`;
        throw e;
      }
    });
    const same = shape.length === inputShape.length && shape.every((d, i) => d === inputShape[i]);
    const needProjection = this.projectionOption ?? !same;
    if (needProjection) {
      if (inputShape.length !== 1 || shape.length !== 1) {
        throw new ShapeError(
          `residual: the body maps [${inputShape.join(', ')}] to [${shape.join(', ')}]; a projection skip needs 1-D shapes such as [16] → [8]`,
        );
      }
      const projection = new Dense(shape[0], { useBias: false });
      projection.build(inputShape, ctx);
      this.projection = projection;
      const k = projection.kernel;
      this.projectionParams = [
        Object.freeze({ name: 'projection.kernel', shape: k.shape, value: k.value, grad: k.grad, decay: k.decay }),
      ];
    } else if (!same) {
      throw new ShapeError(
        `residual: the body maps [${inputShape.join(', ')}] to [${shape.join(', ')}] but projection is false; keep the width or allow a projection`,
      );
    }
    this.inputShape = Object.freeze([...inputShape]);
    this.outputShape = Object.freeze([...shape]);
    this.out = new ReusableTensor(this.outputShape);
    this.dxBuf = new ReusableTensor(this.inputShape);
    this.built = true;
    return this.outputShape;
  }

  forward(x: Tensor, training: boolean): Tensor {
    checkBuilt('residual', this.built, true);
    checkBatchInput('residual', x, this.inputShape);
    let h = x;
    for (let i = 0; i < this.body.length; i++) h = this.body[i].forward(h, training);
    const skip = this.projection ? this.projection.forward(x, training) : x;
    const out = this.out.get(x.shape[0]);
    const o = out.data;
    const a = h.data;
    const b = skip.data;
    for (let i = 0; i < o.length; i++) o[i] = a[i] + b[i];
    this.lastX = x;
    return out;
  }

  backward(dy: Tensor, needInputGrad = true): Tensor {
    const x = this.lastX;
    if (!x) throw new ValidationError('residual: backward was called before forward');
    let g = dy;
    for (let i = this.body.length - 1; i >= 0; i--) g = this.body[i].backward(g, i > 0 || needInputGrad);
    const skip = this.projection ? this.projection.backward(dy, needInputGrad) : dy;
    const dx = this.dxBuf.get(x.shape[0]);
    if (!needInputGrad) return dx;
    const o = dx.data;
    const a = g.data;
    const b = skip.data;
    for (let i = 0; i < o.length; i++) o[i] = a[i] + b[i];
    return dx;
  }

  params(): readonly Param[] {
    return this.projectionParams;
  }

  children(): readonly Layer[] {
    return this.body;
  }

  config(): ResidualConfig {
    const projection = this.built ? this.projection !== null : this.projectionOption;
    const layers = this.body.map((l) => l.config());
    return projection === undefined ? { type: 'residual', layers } : { type: 'residual', layers, projection };
  }
}

/**
 * A residual block `out = body(x) + skip(x)`.
 * @example residual([dense(16), activation(relu), dense(16)])
 */
export function residual(layers: readonly Layer[], options: ResidualOptions = {}): Residual {
  return new Residual(layers, options);
}

/** Layer plugin for `residual`: rebuilds the body layers through the registry's layer plugins. */
export const residualLayerPlugin: LayerPlugin = Object.freeze({
  type: 'residual',
  apiVersion: LAYER_API_VERSION,
  fromConfig(config: LayerConfig, registry: Registry): Layer {
    checkConfigShape(config, 'residual', ['layers', 'projection']);
    if (!Array.isArray(config.layers) || config.layers.length === 0)
      configError('residual', 'layers', 'must be a non-empty array of layer configs');
    const body = (config.layers as unknown[]).map((c, i) => {
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
    return new Residual(body, { projection: config.projection as boolean | undefined });
  },
});
