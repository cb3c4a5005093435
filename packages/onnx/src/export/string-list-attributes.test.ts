import { createDefaultRegistry, defineLayer, type LayerPlugin, type OnnxExportContext, sequential } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { AttributeType } from '../proto/constants';
import { nodeView } from '../import/views';
import { decodeOnnx } from '../import/decode';
import { exportOnnx } from './export-onnx';

// ONNX's RNN, GRU and LSTM take their activations as a list of strings (STRINGS): hooks write one as `string[]`,
// and import hooks read it as the items joined by ','.

describe('string-list (STRINGS) attributes', () => {
  const tagged: LayerPlugin = defineLayer({
    ...createDefaultRegistry().layer('dropout'),
    type: 'tagged',
    onnx: {
      export: (_layer: unknown, input: string, ctx: OnnxExportContext) =>
        ctx.node({ opType: 'Identity', sinceVersion: 14, inputs: [input], attributes: { tags: ['Sigmoid', 'Tanh'] } })[0],
    },
  } as never);

  it('a hook attribute given as string[] is written as STRINGS, item by item', () => {
    const model = sequential({ inputShape: [2], layers: [tagged.create({ rate: 0.5 } as never)] });
    const node = decodeOnnx(exportOnnx(model)).graph?.node?.[0];
    const tags = node?.attribute?.find((a) => a.name === 'tags');
    expect(tags?.type).toBe(AttributeType.STRINGS);
    expect((tags?.strings ?? []).map((s) => new TextDecoder().decode(s))).toEqual(['Sigmoid', 'Tanh']);
    expect(node && nodeView(node).attribute('tags')).toBe('Sigmoid,Tanh');
  });
});
