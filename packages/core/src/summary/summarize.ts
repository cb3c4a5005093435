import type { Layer } from '../layers/contract';
import { walkLayers } from '../layers/walk';
import type { ModelSummary, SummaryRow } from './contract';

function describe(layer: Layer): string {
  const config = layer.config();
  if (typeof config.units === 'number') return `${layer.type}(${config.units})`;
  const activation = config.activation as { name?: unknown } | undefined;
  if (typeof activation?.name === 'string') return `${layer.type}(${activation.name})`;
  return layer.type;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Thousands separated by commas, as Keras prints counts. */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function table(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  return [rule, line(header), rule, ...body.map(line), rule];
}

/**
 * Summarises built layers: per layer its path, type, output shape and parameter counts, then the totals. Pure:
 * reads shapes and parameter sizes only. `Sequential.summary()` calls it and prints the text in Node.
 */
export function summarize(inputShape: readonly number[], layers: readonly Layer[]): ModelSummary {
  const rows: SummaryRow[] = [];
  walkLayers(layers, (layer, path) => {
    const trainable = layer.params().reduce((sum, p) => sum + size(p.shape), 0);
    rows.push(Object.freeze({ path, layer: describe(layer), outputShape: layer.outputShape, trainable, nonTrainable: 0 }));
  });
  const trainable = rows.reduce((s, r) => s + r.trainable, 0);
  const nonTrainable = rows.reduce((s, r) => s + r.nonTrainable, 0);
  const body = rows.map((r) => [
    `${'  '.repeat(r.path.split('.body.').length - 1)}${r.path}`,
    r.layer,
    `[batch, ${r.outputShape.join(', ')}]`,
    count(r.trainable + r.nonTrainable),
  ]);
  const text = [
    `input: [batch, ${inputShape.join(', ')}]`,
    ...table(['layer', 'type', 'output shape', 'params'], body),
    `total params: ${count(trainable + nonTrainable)}`,
    `trainable params: ${count(trainable)}`,
    `non-trainable params: ${count(nonTrainable)}`,
  ].join('\n');
  return Object.freeze({ inputShape, rows: Object.freeze(rows), trainable, nonTrainable, total: trainable + nonTrainable, text });
}
