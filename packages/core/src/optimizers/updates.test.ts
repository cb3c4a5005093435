import { describe, expect, it } from 'vitest';
import { lcg } from '../backend/cpu/wasm/kernel-test-support';
import { adam, adamw } from './adam';
import type { Optimizer, ParamRef } from './contract';
import { sgd } from './sgd';
import { adamLoop, sgdLoop, sgdMomentumLoop } from './update-loops';
import { OPTIM_MIN_LENGTH, optimizerKernel } from './updates';

// The optimizers as they dispatch (WebAssembly from OPTIM_MIN_LENGTH elements, the JavaScript loops below it)
// against the loops alone, over several steps: parameters, gradients and state bit for bit.

const LENGTHS = [1, OPTIM_MIN_LENGTH - 1, OPTIM_MIN_LENGTH, 1001, 40_003];

function params(rand: () => number): ParamRef[] {
  return LENGTHS.map((n, k) => ({
    id: `p${k}`,
    param: {
      name: `p${k}`,
      shape: [n],
      value: Float32Array.from({ length: n }, () => rand() * 2 - 1),
      grad: new Float32Array(n),
      decay: k % 2 === 0,
    },
  }));
}

/** Steps `opt` and `reference` (the loops on copies) `steps` times with the same random gradients. */
function expectSameAsLoops(
  opt: Optimizer,
  steps: number,
  reference: (p: Float32Array, g: Float32Array, decay: boolean, k: number, step: number) => void,
): void {
  const rand = lcg(7);
  const refs = params(rand);
  const copies = refs.map((r) => ({ p: Float32Array.from(r.param.value), decay: r.param.decay }));
  for (let s = 0; s < steps; s++) {
    for (const [k, r] of refs.entries()) {
      for (let i = 0; i < r.param.grad.length; i++) r.param.grad[i] = (rand() * 2 - 1) * 0.1;
      reference(copies[k].p, r.param.grad, copies[k].decay, k, s);
    }
    opt.step(refs);
  }
  for (const [k, r] of refs.entries()) expect(Array.from(r.param.value), `parameter ${k}`).toEqual(Array.from(copies[k].p));
}

describe('optimizer updates', () => {
  it('run in WebAssembly SIMD here (Node 20+)', () => {
    expect(optimizerKernel()).toBe('wasm-simd');
  });

  it('sgd, plain with weight decay: as the loop', () => {
    expectSameAsLoops(sgd({ learningRate: 0.1, weightDecay: 0.01 }), 3, (p, g, decay) => sgdLoop(p, g, 0.1, decay ? 0.01 : 0));
  });

  for (const nesterov of [false, true]) {
    it(`sgd with ${nesterov ? 'Nesterov ' : ''}momentum: first and later steps as the loop`, () => {
      const dampening = nesterov ? 0 : 0.25;
      const bufs = LENGTHS.map((n) => new Float32Array(n));
      const opt = sgd({ learningRate: 0.05, momentum: 0.9, dampening, nesterov, weightDecay: 0.001 });
      expectSameAsLoops(opt, 3, (p, g, decay, k, step) => {
        const s = { lr: 0.05, wd: decay ? 0.001 : 0, mu: 0.9, keep: 1 - dampening, nesterov };
        sgdMomentumLoop(p, g, bufs[k], s, step === 0);
      });
      expect(opt.getState().slots.p3.momentum).toEqual(Array.from(bufs[3]));
    });
  }

  for (const type of ['adam', 'adamw'] as const) {
    it(`${type}: bias-corrected steps as the loop`, () => {
      const [lr, b1, b2, eps, wd] = [0.01, 0.9, 0.999, 1e-8, type === 'adamw' ? 0.05 : 0];
      const moments = LENGTHS.map((n) => [new Float32Array(n), new Float32Array(n)]);
      const opt = type === 'adam' ? adam({ learningRate: lr }) : adamw({ learningRate: lr, weightDecay: wd });
      expectSameAsLoops(opt, 3, (p, g, decay, k, step) => {
        const t = step + 1;
        const s = {
          b1,
          c1: 1 - b1,
          b2,
          c2: 1 - b2,
          shrink: decay ? 1 - lr * wd : 1,
          stepSize: lr / (1 - b1 ** t),
          sqrtBc2: Math.sqrt(1 - b2 ** t),
          eps,
        };
        adamLoop(p, g, moments[k][0], moments[k][1], s);
      });
      const slots = opt.getState().slots.p4;
      expect(slots.m).toEqual(Array.from(moments[4][0]));
      expect(slots.v).toEqual(Array.from(moments[4][1]));
    });
  }
});
