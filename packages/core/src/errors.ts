/**
 * Base class of every error Rectify throws on purpose. `code` is stable and machine-readable;
 * the message names the problem and the fix.
 */
export class RectifyError extends Error {
  /** A stable identifier such as `SHAPE_MISMATCH` or `UNKNOWN_PLUGIN`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Two tensors, or a tensor and a layer, disagree on shape. */
export class ShapeError extends RectifyError {
  constructor(message: string) {
    super('SHAPE_MISMATCH', message);
  }
}

/** A user-supplied value (hyper-parameter, option, data) is out of its valid range. */
export class ValidationError extends RectifyError {
  constructor(message: string, code = 'INVALID_VALUE') {
    super(code, message);
  }
}

/** A plugin (activation or layer) breaks the plugin contract, or is unknown to the registry. */
export class PluginError extends RectifyError {
  constructor(message: string, code = 'INVALID_PLUGIN') {
    super(code, message);
  }
}

/** A serialized model (JSON or other format) is malformed, inconsistent or hostile. */
export class ModelFormatError extends RectifyError {
  /** JSON-pointer-like path to the offending value, e.g. `/layers/2/weights/kernel`. */
  readonly path: string;
  constructor(path: string, message: string) {
    super('MODEL_FORMAT', `${path || '/'}: ${message}`);
    this.path = path;
  }
}

/** Training produced a non-finite loss. */
export class DivergenceError extends RectifyError {
  /** Global step (1-based) at which the loss stopped being finite. */
  readonly step: number;
  constructor(step: number, loss: number) {
    super('DIVERGED', `diverged at step ${step}: the loss became ${loss}; lower the learning rate`);
    this.step = step;
  }
}
