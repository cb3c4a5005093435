import type { OptimizerConfig } from '@rectify/core';
import type { Program } from './driver';
import type { Handle } from './gpujs';
import { OPT_1D, OPT_2D, type OptimizerSources } from './kernels/optimizer';
import type { ParamSlot } from './plan';

/** What an optimizer entry may do on the device, for one parameter slot. */
export interface SlotOps {
  /** Runs the optimizer source `name` (1-D or 2-D as the slot) with arguments bound by name. */
  run(name: keyof OptimizerSources, args: Readonly<Record<string, unknown>>): Program<Handle>;
  /** Uploads a host array shaped as the slot. */
  upload(values: Float32Array): Program<Handle>;
  /** Reads a slot-shaped handle back. */
  read(h: Handle): Program<Float32Array>;
  /** Releases a handle. */
  release(h: Handle): void;
}

/** One optimizer on the device: state upload, update step, state download. */
export interface GpuOptimizer {
  /** Uploads the slot's state from the optimizer's saved host state (or zeros). */
  init(
    slot: ParamSlot,
    saved: Readonly<Record<string, readonly number[]>> | undefined,
    cfg: OptimizerConfig,
    ops: SlotOps,
  ): Program<void>;
  /** Replaces `slot.value` by the updated parameter (the caller releases the old one). */
  step(slot: ParamSlot, cfg: OptimizerConfig, lr: number, ops: SlotOps): Program<void>;
  /** The slot's state in the optimizer's host format, or null when it has none yet. */
  download(slot: ParamSlot, cfg: OptimizerConfig, ops: SlotOps): Program<Record<string, number[]> | null>;
}

const num = (cfg: OptimizerConfig, key: string, fallback = 0): number => Number(cfg[key] ?? fallback);

const sgd: GpuOptimizer = {
  *init(s, saved, cfg, ops) {
    if (num(cfg, 'momentum') === 0) return;
    s.first = saved?.momentum === undefined;
    s.state.b = yield* ops.upload(saved?.momentum ? Float32Array.from(saved.momentum) : new Float32Array(s.param.value.length));
  },
  *step(s, cfg, lr, ops) {
    const wd = s.param.decay ? num(cfg, 'weightDecay') : 0;
    const mu = num(cfg, 'momentum');
    if (mu === 0) {
      s.value = yield* ops.run('sgd', { p: s.value, g: s.grad, lr, wd });
      return;
    }
    const keep = 1 - num(cfg, 'dampening');
    const b = yield* ops.run('sgdBuffer', { p: s.value, g: s.grad, b: s.state.b, wd, mu, keep, first: s.first ? 1 : 0 });
    ops.release(s.state.b);
    s.state.b = b;
    s.first = false;
    s.value = yield* ops.run('sgdMomentum', { p: s.value, g: s.grad, b, lr, wd, mu, nest: cfg.nesterov ? 1 : 0 });
  },
  *download(s, _cfg, ops) {
    if (s.state.b === undefined || s.first) return null;
    return { momentum: Array.from(yield* ops.read(s.state.b)) };
  },
};

const adam: GpuOptimizer = {
  *init(s, saved, _cfg, ops) {
    const zeros = new Float32Array(s.param.value.length);
    s.state.m = yield* ops.upload(saved?.m ? Float32Array.from(saved.m) : zeros);
    s.state.v = yield* ops.upload(saved?.v ? Float32Array.from(saved.v) : zeros);
    s.t = saved?.step?.[0] ?? 0;
  },
  *step(s, cfg, lr, ops) {
    const b1 = num(cfg, 'beta1');
    const b2 = num(cfg, 'beta2');
    const t = ++s.t;
    // 1 − β comes from the host in float64 (see kernels/optimizer.ts).
    const m = yield* ops.run('adamM', { m: s.state.m, g: s.grad, b1, ob1: 1 - b1 });
    const v = yield* ops.run('adamV', { v: s.state.v, g: s.grad, b2, ob2: 1 - b2 });
    ops.release(s.state.m);
    ops.release(s.state.v);
    s.state.m = m;
    s.state.v = v;
    const shrink = cfg.type === 'adamw' && s.param.decay ? 1 - lr * num(cfg, 'weightDecay') : 1;
    const stepSize = lr / (1 - b1 ** t);
    const sqrtBc2 = Math.sqrt(1 - b2 ** t);
    s.value = yield* ops.run('adamParam', { p: s.value, m, v, shrink, stepSize, sqrtBc2, eps: num(cfg, 'epsilon') });
  },
  *download(s, _cfg, ops) {
    if (s.t === 0) return null;
    return { m: Array.from(yield* ops.read(s.state.m)), v: Array.from(yield* ops.read(s.state.v)), step: [s.t] };
  },
};

/** The optimizers the gpu backend runs, by config `type`: adding one is one entry. */
export const GPU_OPTIMIZERS: Readonly<Record<string, GpuOptimizer>> = Object.freeze({ sgd, adam, adamw: adam });

/** The optimizer sources for a slot's layout. */
export function sourcesFor(slot: { readonly cols: number }): OptimizerSources {
  return slot.cols > 0 ? OPT_2D : OPT_1D;
}
