import { ShapeError, ValidationError } from '../errors';
import type { ParamRef } from '../optimizers/contract';
import { Tensor } from '../tensor';
import type { NamedWeights, SetWeightsOptions } from './contract';

/** Copies every parameter's values into a tensor of its shape, keyed by its path. */
export function readWeights(refs: readonly ParamRef[]): NamedWeights {
  const out: Record<string, Tensor> = {};
  for (const { id, param } of refs) out[id] = new Tensor(param.value.slice(), param.shape);
  return Object.freeze(out);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Checks every given weight against the model (known path, tensor, same shape, finite values) and only then writes
 * them all, so a bad entry leaves the model untouched.
 * @throws ValidationError for an unknown or missing path, a non-tensor or non-finite values; ShapeError for a shape
 * that differs from the parameter's.
 */
export function writeWeights(refs: readonly ParamRef[], weights: NamedWeights, options: SetWeightsOptions = {}): void {
  if (typeof weights !== 'object' || weights === null) {
    throw new ValidationError('setWeights: weights must be an object of path → Tensor, as getWeights() returns');
  }
  const byId = new Map(refs.map((r) => [r.id, r.param]));
  const known = [...byId.keys()].join(', ');
  for (const [path, value] of Object.entries(weights)) {
    const param = byId.get(path);
    if (!param) throw new ValidationError(`setWeights: the model has no parameter "${path}"; its parameters are ${known}`);
    if (!(value instanceof Tensor)) throw new ValidationError(`setWeights: "${path}" must be a Tensor`);
    if (!sameShape(value.shape, param.shape)) {
      throw new ShapeError(
        `setWeights: "${path}" has shape [${value.shape.join(', ')}] but the parameter is [${param.shape.join(', ')}]`,
      );
    }
    const bad = value.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new ValidationError(`setWeights: "${path}" value ${bad} is ${value.data[bad]}; weights must be finite`, 'NON_FINITE');
    }
  }
  if (options.strict !== false) {
    const missing = refs.filter((r) => !Object.hasOwn(weights, r.id)).map((r) => r.id);
    if (missing.length > 0) {
      throw new ValidationError(
        `setWeights: no value for ${missing.join(', ')}; give every parameter, or pass { strict: false } to set some`,
      );
    }
  }
  for (const [path, value] of Object.entries(weights)) (byId.get(path) as { value: Float32Array }).value.set(value.data);
}
