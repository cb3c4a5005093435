import type { ModelJSON } from './format';
import { float32ToText } from './float32-text';

function writeFloat32Array(data: readonly number[]): string {
  const parts = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) parts[i] = float32ToText(data[i]);
  return `[${parts.join(',')}]`;
}

/** Exact float64 text (optimizer slots may hold step counts that float32 cannot), keeping `-0`. */
function writeFloat64Array(data: readonly number[]): string {
  const parts = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) parts[i] = Object.is(data[i], -0) ? '-0' : String(data[i]);
  return `[${parts.join(',')}]`;
}

function writeEntries(entries: [string, string][]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

/**
 * Writes a model document as compact JSON text. Weights are written as the shortest decimals that read back to the
 * same float32 values, optimizer slots as exact float64 text, and `-0` as `-0` (which `JSON.stringify` would turn into `0`), so a
 * save → load round trip is bit-exact. Expects a document from {@link modelToJSON} (finite values only).
 */
export function writeModelJSON(doc: ModelJSON): string {
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'weights') {
      const weights = Object.entries(doc.weights).map(([id, w]): [string, string] => [
        id,
        `{"shape":${JSON.stringify(w.shape)},"data":${writeFloat32Array(w.data)}}`,
      ]);
      entries.push([key, writeEntries(weights)]);
    } else if (key === 'training' && doc.training) {
      const { optimizerState, ...rest } = doc.training;
      const parts = Object.entries(rest).map(([k, v]): [string, string] => [k, JSON.stringify(v)]);
      if (optimizerState) {
        const slots = Object.entries(optimizerState.slots).map(([id, perParam]): [string, string] => [
          id,
          writeEntries(Object.entries(perParam).map(([slot, data]): [string, string] => [slot, writeFloat64Array(data)])),
        ]);
        parts.push(['optimizerState', `{"step":${JSON.stringify(optimizerState.step)},"slots":${writeEntries(slots)}}`]);
      }
      entries.push([key, writeEntries(parts)]);
    } else {
      entries.push([key, JSON.stringify(value)]);
    }
  }
  return writeEntries(entries);
}
