import { ShapeError, ValidationError } from '../errors';
import type { ParamRef } from '../optimizers/contract';
import { Tensor } from '../tensor';
import type { FromTorchOptions, NamedWeights, TorchStateDictJSON } from './contract';
import { readNestedArray } from './nested-array';

function transpose(rows: number, cols: number, data: Float32Array): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/**
 * Converts a PyTorch `state_dict` exported as JSON into weights for `setWeights`: each name in `options.names` is
 * read, 2-D weights are transposed from `[out, in]` when the layout says `out-in`, and every shape is checked against
 * the model's parameter. The layout is never guessed.
 * @throws ValidationError when the layout is missing, a name is absent from the file or the model, or values are
 * not finite numbers; ShapeError when a shape does not fit (naming the layout when the transposed shape would).
 */
export function fromTorchStateDict(
  refs: readonly ParamRef[],
  stateDict: TorchStateDictJSON,
  options: FromTorchOptions,
): NamedWeights {
  if (typeof options !== 'object' || options === null || (options.layout !== 'out-in' && options.layout !== 'in-out')) {
    throw new ValidationError(
      "loadTorchStateDict: say how nn.Linear weights are laid out, { layout: 'out-in' } for a plain state_dict ([out, in]) or 'in-out' if already transposed; it is never guessed",
    );
  }
  if (typeof stateDict !== 'object' || stateDict === null || Array.isArray(stateDict)) {
    throw new ValidationError('loadTorchStateDict: the state_dict must be an object of name → nested arrays');
  }
  if (typeof options.names !== 'object' || options.names === null) {
    throw new ValidationError(
      "loadTorchStateDict: names must map PyTorch names to parameter paths, e.g. { '0.weight': 'layers.0.kernel' }",
    );
  }
  const byId = new Map(refs.map((r) => [r.id, r.param]));
  const out: Record<string, Tensor> = {};
  for (const [torchName, path] of Object.entries(options.names)) {
    if (!Object.hasOwn(stateDict, torchName)) {
      throw new ValidationError(
        `loadTorchStateDict: "${torchName}" is not in the state_dict; it has ${Object.keys(stateDict).join(', ')}`,
      );
    }
    const param = byId.get(path);
    if (!param) throw new ValidationError(`loadTorchStateDict: "${torchName}" maps to "${path}", which the model does not have`);
    const { shape, data } = readNestedArray(`loadTorchStateDict: "${torchName}"`, stateDict[torchName]);
    const expected = param.shape;
    let values = data;
    let got = shape;
    if (shape.length === 2 && options.layout === 'out-in') {
      values = transpose(shape[0], shape[1], data);
      got = [shape[1], shape[0]];
    }
    if (got.length !== expected.length || got.some((d, i) => d !== expected[i])) {
      const flipped = got.length === 2 && got[0] === expected[1] && got[1] === expected[0];
      throw new ShapeError(
        `loadTorchStateDict: "${torchName}" is [${shape.join(', ')}] in the file, which with layout '${options.layout}' gives [${got.join(', ')}], but "${path}" is [${expected.join(', ')}]` +
          (flipped ? `; the file looks like layout '${options.layout === 'out-in' ? 'in-out' : 'out-in'}'` : ''),
      );
    }
    out[path] = new Tensor(values, expected);
  }
  return Object.freeze(out);
}
