import { escapeName } from './quote-name';

/**
 * Base class of every error Rectify throws on purpose. `code` is stable and machine-readable;
 * the message names the problem and the fix.
 */
export class RectifyError extends Error {
  /** A stable identifier such as `SHAPE_MISMATCH` or `UNKNOWN_PLUGIN`. */
  readonly code: string;
  /**
   * Sets `name` to `'RectifyError'`, or to the subclass's class name; Rectify's own subclasses spell their `name`
   * out as a field (set after this), because minifiers rename classes.
   * @param code - The stable identifier stored in `code`.
   * @param message - What went wrong and how to fix it.
   */
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target === RectifyError ? 'RectifyError' : new.target.name;
    this.code = code;
  }
}

/** Two tensors, or a tensor and a layer, disagree on shape. */
export class ShapeError extends RectifyError {
  /** `'ShapeError'`, spelled out so minifiers that rename classes keep it. */
  override readonly name: string = 'ShapeError';
  /**
   * An error with `code` `SHAPE_MISMATCH`.
   * @param message - The shapes involved and how to fix them.
   */
  constructor(message: string) {
    super('SHAPE_MISMATCH', message);
  }
}

/** A user-supplied value (hyper-parameter, option, data) is out of its valid range. */
export class ValidationError extends RectifyError {
  /** `'ValidationError'`, spelled out so minifiers that rename classes keep it. */
  override readonly name: string = 'ValidationError';
  /**
   * An error with `code` `INVALID_VALUE` unless given another.
   * @param message - The offending value, its valid range and how to fix it.
   * @param code - A more specific code, e.g. `NON_FINITE` or `NOT_COMPILED`.
   */
  constructor(message: string, code = 'INVALID_VALUE') {
    super(code, message);
  }
}

/** A plugin (activation or layer) breaks the plugin contract, or is unknown to the registry. */
export class PluginError extends RectifyError {
  /** `'PluginError'`, spelled out so minifiers that rename classes keep it. */
  override readonly name: string = 'PluginError';
  /**
   * An error with `code` `INVALID_PLUGIN` unless given another.
   * @param message - Which plugin is at fault and how to fix it.
   * @param code - A more specific code, e.g. `UNKNOWN_PLUGIN` or `DUPLICATE_PLUGIN`.
   */
  constructor(message: string, code = 'INVALID_PLUGIN') {
    super(code, message);
  }
}

/** A serialized model (JSON or other format) is malformed, inconsistent or hostile. */
export class ModelFormatError extends RectifyError {
  /** `'ModelFormatError'`, spelled out so minifiers that rename classes keep it. */
  override readonly name: string = 'ModelFormatError';
  /**
   * JSON-pointer-like path to the offending value, e.g. `/layers/2/weights/kernel`. Paths are built from keys and
   * names in the untrusted file, so the path is cut to 300 characters and escaped ({@link escapeName}).
   */
  readonly path: string;
  /**
   * The message becomes `<path>: <message>` (`/` for an empty path); `code` is `MODEL_FORMAT`.
   * @param path - Where in the document the problem is; empty for the document itself.
   * @param message - What is wrong with the value there; names quoted from the file go through `quoteName`.
   */
  constructor(path: string, message: string) {
    const safePath = escapeName(path, 300);
    super('MODEL_FORMAT', `${safePath || '/'}: ${message}`);
    this.path = safePath;
  }
}

/** Training produced a non-finite loss. */
export class DivergenceError extends RectifyError {
  /** `'DivergenceError'`, spelled out so minifiers that rename classes keep it. */
  override readonly name: string = 'DivergenceError';
  /** Global step (1-based) at which the loss stopped being finite. */
  readonly step: number;
  /**
   * Builds the message `diverged at step <step>: the loss became <loss>; lower the learning rate`; `code` is `DIVERGED`.
   * @param step - The 1-based global step.
   * @param loss - The non-finite loss value (NaN or ±Infinity).
   */
  constructor(step: number, loss: number) {
    super('DIVERGED', `diverged at step ${step}: the loss became ${loss}; lower the learning rate`);
    this.step = step;
  }
}
