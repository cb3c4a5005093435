import { expect } from 'vitest';
import type { Optimizer, OptimizerState, ParamRef } from './contract';
import { optimizerFromConfig } from './from-config';

/** A parameter for optimizer tests: `values` rounded to float32, zero gradient. */
export function makeParam(id: string, values: number[], decay = true): ParamRef {
  return {
    id,
    param: {
      name: id.split('.').pop() ?? id,
      shape: [values.length],
      value: Float32Array.from(values),
      grad: new Float32Array(values.length),
      decay,
    },
  };
}

/** The float64 values of a float32 array. */
export function asNumbers(a: Float32Array): number[] {
  return Array.from(a);
}

/**
 * Steps `opt` twice on a decayed parameter `a` (starting at `p0`) and a non-decayed `b = [2, −3]` with `grads[0..1]`,
 * saves its state through JSON, restores it into a fresh optimizer built from `opt.config()` over copies of the
 * parameters, takes one more step with `grads[2]` on both, and asserts that weights and state agree exactly.
 * Returns the saved state for further assertions.
 */
export function expectStateRoundTrip(opt: Optimizer, p0: number[], grads: number[][]): OptimizerState {
  const a = makeParam('a', p0);
  const b = makeParam('b', [2, -3], false);
  for (let s = 0; s < 2; s++) {
    a.param.grad.set(grads[s]);
    b.param.grad.set(grads[s].slice(0, 2));
    opt.step([a, b]);
  }
  const saved = JSON.parse(JSON.stringify(opt.getState())) as OptimizerState;
  const a2 = makeParam('a', asNumbers(a.param.value));
  const b2 = makeParam('b', asNumbers(b.param.value), false);
  const restored = optimizerFromConfig(opt.config());
  restored.setState(saved, [a2, b2]);
  for (const [x, y] of [
    [a, b],
    [a2, b2],
  ]) {
    x.param.grad.set(grads[2]);
    y.param.grad.set(grads[2].slice(0, 2));
  }
  opt.step([a, b]);
  restored.step([a2, b2]);
  expect(asNumbers(a2.param.value)).toEqual(asNumbers(a.param.value));
  expect(asNumbers(b2.param.value)).toEqual(asNumbers(b.param.value));
  expect(restored.getState()).toEqual(opt.getState());
  return saved;
}
