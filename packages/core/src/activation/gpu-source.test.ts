import { describe, expect, it } from 'vitest';
import { PluginError } from '../errors';
import { defineActivation } from './define';

const cpu = { forward() {}, backward() {} };
const scaled = (gpu: object, extra: object = {}) =>
  defineActivation({ name: 'scaled', apiVersion: 1, params: { k: { default: 2 } }, cpu, gpu: gpu as never, ...extra });
const backward = function scaledBackward(_x: number, _y: number, dy: number, k: number) {
  return k * dy;
};
const TAU = 6.28;
function halve(v: number) {
  return v * 0.5;
}

describe('defineActivation rejects gpu code gpu.js cannot compile, saying why', () => {
  it('an arrow function', () => {
    expect(() => scaled({ forward: (x: number, k: number) => k * x, backward })).toThrow(
      /"scaled": gpu.forward is an arrow function: gpu.js compiles only `function` expressions/,
    );
  });

  it('method shorthand', () => {
    expect(() =>
      scaled({
        forward(x: number, k: number) {
          return k * x;
        },
        backward,
      }),
    ).toThrow(/gpu.forward is method shorthand .* write `name: function name\(x, …\)/);
  });

  it('the wrong arity, naming the arguments the backend passes', () => {
    expect(() =>
      scaled({
        forward: function f(x: number) {
          return x;
        },
        backward,
      }),
    ).toThrow(/gpu.forward takes 1 arguments but is called with 2 \(x, k\); declare them all/);
  });

  it('a free variable', () => {
    expect(() =>
      scaled({
        forward: function f(x: number, k: number) {
          return k * x * TAU;
        },
        backward,
      }),
    ).toThrow(/gpu.forward reads `TAU` from outside the function: gpu.js sees only its arguments and locals/);
  });

  it('an undeclared helper, and accepts it once declared', () => {
    const forward = function f(x: number, k: number) {
      return halve(k * x);
    };
    expect(() => scaled({ forward, backward })).toThrow(
      /gpu.forward calls halve\(\), which is not a declared helper: list it in `helpers`/,
    );
    expect(() => scaled({ forward, backward }, { helpers: [halve] })).not.toThrow();
  });

  it('unnamed or arrow helpers, and a missing learnable gradient', () => {
    expect(() =>
      scaled(
        {
          forward: function f(x: number, k: number) {
            return k * x;
          },
          backward,
        },
        { helpers: [(v: number) => v] },
      ),
    ).toThrow(PluginError);
    expect(() =>
      defineActivation({
        name: 'learned',
        apiVersion: 1,
        learnable: { a: { size: () => 1, init: () => 1 } },
        scalar: {
          forward: function f(x: number, a: number) {
            return a * x;
          },
          backward: function b(_x: number, _y: number, dy: number, a: number) {
            return a * dy;
          },
        },
      }),
    ).toThrow(/scalar.paramGrads.a is missing/);
  });

  it('accepts locals, Math.*, literals and comments', () => {
    expect(() =>
      scaled({
        forward: function f(x: number, k: number) {
          // a comment naming TAU does not count
          const e = Math.exp(-Math.abs(x));
          let s = 1.5e-3;
          s = s + e;
          return x !== x ? x : k * s;
        },
        backward,
      }),
    ).not.toThrow();
  });

  it('accepts minified code: joined declarations, one-letter names, no semicolons before }', () => {
    const minified = new Function(
      'return function(e,t){let r=t===0?0:t*e,i=Math.exp(-Math.abs(r)),a=1/(1+i),o=r>=0?a:i*a;return o===0?0:e*o}',
    )();
    expect(() => scaled({ forward: minified, backward })).not.toThrow();
    const leaky = new Function('return function(e,t){let r=e*TAU;return r}')();
    expect(() => scaled({ forward: leaky, backward })).toThrow(/reads `TAU`/);
  });

  it('requires cpu kernels or scalar functions', () => {
    expect(() => defineActivation({ name: 'none', apiVersion: 1 } as never)).toThrow(
      /cpu is required unless `scalar` functions are given/,
    );
  });
});
