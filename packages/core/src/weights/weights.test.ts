import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tanh } from '../activations';
import { ShapeError, ValidationError } from '../errors';
import { activation, dense } from '../builtin-layers';
import { sequential } from '../model';
import { adam } from '../optimizers';
import { Tensor, tensor } from '../tensor';

// Made by test/fixtures/make-torch-mlp.py with PyTorch: Linear(3,5) Tanh Linear(5,5) Tanh Linear(5,2).
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/torch-mlp.json', import.meta.url), 'utf8')) as {
  stateDict: Record<string, unknown>;
  x: number[][];
  y: number[][];
};

function mlp(seed = 0) {
  return sequential({ inputShape: [3], seed, layers: [dense(5), activation(tanh), dense(5), activation(tanh), dense(2)] });
}

const names = {
  '0.weight': 'layers.0.kernel',
  '0.bias': 'layers.0.bias',
  '2.weight': 'layers.2.kernel',
  '2.bias': 'layers.2.bias',
  '4.weight': 'layers.4.kernel',
  '4.bias': 'layers.4.bias',
};

describe('getWeights / setWeights', () => {
  it('round-trips every parameter by path, as copies', () => {
    const a = mlp(1);
    const b = mlp(2);
    const w = a.getWeights();
    expect(Object.keys(w)).toEqual(a.paramRefs().map((r) => r.id));
    expect(w['layers.0.kernel'].shape).toEqual([3, 5]);
    b.setWeights(w);
    const x = tensor(fixture.x);
    expect(b.predict(x).data).toEqual(a.predict(x).data);
    w['layers.0.bias'].data[0] = 99; // a copy: the model is unchanged
    expect(a.paramRefs()[1].param.value[0]).not.toBe(99);
  });

  it('checks paths, shapes, finiteness and completeness before writing anything', () => {
    const m = mlp(3);
    const before = m.getWeights();
    const w = { ...m.getWeights() };
    const bias = new Float32Array(5).fill(7);
    expect(() => m.setWeights({ ...w, 'layers.0.bias': new Tensor(bias, [5]), 'layers.9.kernel': w['layers.0.kernel'] })).toThrow(
      /no parameter "layers.9.kernel"/,
    );
    expect(() =>
      m.setWeights({ ...w, 'layers.0.bias': new Tensor(bias, [5]), 'layers.2.kernel': new Tensor(new Float32Array(25), [25]) }),
    ).toThrow(ShapeError);
    expect(() => m.setWeights({ ...w, 'layers.0.bias': new Tensor(Float32Array.from([0, 0, Number.NaN, 0, 0]), [5]) })).toThrow(
      /finite/,
    );
    expect(() => m.setWeights({ 'layers.0.bias': new Tensor(bias, [5]) })).toThrow(/no value for layers.0.kernel/);
    expect(m.getWeights()).toEqual(before);
    m.setWeights({ 'layers.0.bias': new Tensor(bias, [5]) }, { strict: false });
    expect([...m.getWeights()['layers.0.bias'].data]).toEqual([7, 7, 7, 7, 7]);
  });
});

describe('loadTorchStateDict', () => {
  it("reproduces the PyTorch MLP's outputs with layout 'out-in' (the plain state_dict)", () => {
    const m = mlp();
    m.loadTorchStateDict(fixture.stateDict, { layout: 'out-in', names });
    const out = m.predict(tensor(fixture.x));
    const want = fixture.y.flat();
    expect(out.shape).toEqual([6, 2]);
    for (let i = 0; i < want.length; i++) expect(Math.abs(out.data[i] - want[i])).toBeLessThan(2e-6);
    // torch stores weight[out][in]; Rectify kernel[in][out]
    const w0 = fixture.stateDict['0.weight'] as number[][];
    expect(m.getWeights()['layers.0.kernel'].data[1 * 5 + 4]).toBe(Math.fround(w0[4][1]));
  });

  it('never guesses the layout: a missing one is an error, the wrong one fails on the 3x5 layer and names the fix', () => {
    const m = mlp();
    expect(() => m.loadTorchStateDict(fixture.stateDict, { names } as never)).toThrow(/never guessed/);
    let error: unknown;
    try {
      m.loadTorchStateDict(fixture.stateDict, { layout: 'in-out', names });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as Error).message).toMatch(/"0.weight" is \[5, 3\].*looks like layout 'out-in'/);
  });

  it('loads the square layer transposed only when told so: the outputs differ from torch', () => {
    const m = mlp();
    const only = { '2.weight': 'layers.2.kernel' };
    const right = mlp();
    right.loadTorchStateDict(fixture.stateDict, { layout: 'out-in', names });
    m.setWeights(right.getWeights());
    m.loadTorchStateDict(fixture.stateDict, { layout: 'in-out', names: only });
    expect(m.predict(tensor(fixture.x)).data).not.toEqual(right.predict(tensor(fixture.x)).data);
  });

  it('rejects unknown names, ragged or non-numeric arrays with clear errors', () => {
    const m = mlp();
    expect(() =>
      m.loadTorchStateDict(fixture.stateDict, { layout: 'out-in', names: { 'fc.weight': 'layers.0.kernel' } }),
    ).toThrow(/"fc.weight" is not in the state_dict/);
    expect(() => m.loadTorchStateDict(fixture.stateDict, { layout: 'out-in', names: { '0.weight': 'layers.1.kernel' } })).toThrow(
      /does not have/,
    );
    const ragged = {
      w: [
        [1, 2, 3],
        [4, 5],
      ],
    };
    expect(() => m.loadTorchStateDict(ragged, { layout: 'out-in', names: { w: 'layers.0.kernel' } })).toThrow(/rectangular/);
    const text = { w: [1, '2', 3, 4, 5] };
    expect(() => m.loadTorchStateDict(text, { layout: 'out-in', names: { w: 'layers.0.bias' } })).toThrow(ValidationError);
  });

  it('a compiled model trains on from the loaded weights', async () => {
    const m = mlp().compile({ loss: 'mse', optimizer: adam({ learningRate: 0.01 }) });
    m.loadTorchStateDict(fixture.stateDict, { layout: 'out-in', names });
    const x = tensor(fixture.x);
    const y = tensor(fixture.y);
    expect(m.evaluate(x, y).loss).toBeLessThan(1e-11);
  });
});
