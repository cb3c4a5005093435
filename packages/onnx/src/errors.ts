import { ModelFormatError } from '@rectify/core';

/**
 * An ONNX model uses operators outside what Rectify imports. `operators` lists every unsupported operator found
 * (not only the first), as `op_type` or `domain:op_type`.
 */
export class UnsupportedOnnxError extends ModelFormatError {
  /** `'UnsupportedOnnxError'`, spelled out so minifiers that rename classes keep it. */
  override readonly name: string = 'UnsupportedOnnxError';
  /** Every unsupported operator of the graph, each once, in order of first use. */
  readonly operators: readonly string[];
  /**
   * Records the unsupported operators; the message becomes `<path>: <message>` and `code` is `MODEL_FORMAT`.
   * @param path - Where in the model the operators were found, e.g. `/graph/node`.
   * @param operators - Every unsupported operator, each once, as `op_type` or `domain:op_type`; copied and frozen.
   * @param message - What is unsupported and which operators Rectify does import.
   */
  constructor(path: string, operators: readonly string[], message: string) {
    super(path, message);
    this.operators = Object.freeze([...operators]);
  }
}
