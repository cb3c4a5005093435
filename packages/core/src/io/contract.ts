/**
 * Where a model's JSON text is kept, in the spirit of TensorFlow.js's `io` handlers: a file in Node
 * (`@rectify/core/node`), IndexedDB, localStorage, a download, or a URL. A store that cannot do one direction (a
 * download cannot be loaded, a URL cannot be saved to) throws a ValidationError naming the one that can.
 */
export interface ModelStore {
  /** Where the model goes, for messages, e.g. `file:/tmp/model.json` or `indexeddb://rectify/xor`. */
  readonly url: string;
  /** Writes the whole text, replacing what was there. */
  save(json: string): Promise<void>;
  /** Reads the text back (`loadModelFrom` parses and validates it). */
  load(): Promise<string>;
}
