import { describe, expect, it } from 'vitest';
import { withFeatures } from '../../data/features';
import { generateDataset } from '../../data/generate';
import { defaultState } from '../../state/defaults';
import { ioLayout } from './io-nodes';

describe('input and output nodes of the network drawing', () => {
  it('has two inputs and one output for the plane sets, as the generated data have', () => {
    for (const name of ['circles', 'xor', 'spirals', 'plane', 'bumps'] as const) {
      const io = ioLayout(name);
      const data = generateDataset({ ...defaultState.dataset, name });
      expect([io.inputs.length, io.outputs.length]).toEqual([data.inputDim, data.outputDim]);
      expect([io.inputDim, io.outputDim]).toEqual([2, 1]);
      expect(io.inputBlock).toBe(false);
      expect(io.inputs.map((n) => n.label)).toEqual(['x₁', 'x₂']);
    }
    expect(ioLayout('bumps').outputs[0].label).toBe('ŷ');
    expect(ioLayout('circles').outputs[0].label).toBe('p');
  });

  it('draws MNIST as one "784 pixels" block and ten digit outputs', () => {
    const io = ioLayout('mnist');
    expect([io.inputDim, io.outputDim]).toEqual([784, 10]);
    expect(io.inputBlock).toBe(true);
    expect(io.inputs.map((n) => n.label)).toEqual(['784 pixels']);
    expect(io.outputs.map((n) => n.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('adds one input node per input feature, as many as the model has inputs', () => {
    const features = ['x1sq', 'x2sq', 'sinx1'] as const;
    const io = ioLayout('circles', features);
    expect(io.inputs.map((n) => n.label)).toEqual(['x₁', 'x₂', 'x₁²', 'x₂²', 'sin(x₁)']);
    expect(io.inputDim).toBe(withFeatures(generateDataset(defaultState.dataset), features).inputDim);
    expect(io.inputs[4].title).toBe('input sin(x₁) (the sine of the horizontal coordinate)');
  });
});
