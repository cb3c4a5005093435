import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ActivationPlugin, HyperParams, KernelContext, Reference } from './contract';
import { defineActivation } from './define';

function reluLikeReference(x: number, hyper: HyperParams): number {
  return x > 0 ? Math.min(x, hyper.cap) : 0;
}

const capped = defineActivation({
  name: 'capped',
  apiVersion: 1,
  params: { cap: { default: 6 }, threshold: { default: 0 } },
  cpu: {
    forward(x, y, ctx) {
      expectTypeOf(ctx.hyper).toEqualTypeOf<HyperParams<'cap' | 'threshold'>>();
      // @ts-expect-error a misspelt hyper-parameter does not compile
      ctx.hyper.treshold;
      for (let i = 0; i < ctx.length; i++) y[i] = Math.min(x[i], ctx.hyper.cap);
    },
    backward(_x, _y, dy, dx, ctx) {
      for (let i = 0; i < ctx.length; i++) dx[i] = dy[i];
    },
  },
  reference: reluLikeReference,
});

const learned = defineActivation({
  name: 'learned',
  apiVersion: 1,
  params: { init: { default: 1 } },
  learnable: { beta: { size: () => 1, init: (h) => h.init } },
  cpu: {
    forward(x, y, ctx) {
      // @ts-expect-error a misspelt learnable does not compile
      ctx.params.betta;
      const b = ctx.params.beta[0];
      for (let i = 0; i < ctx.length; i++) y[i] = b * x[i];
    },
    backward(x, _y, dy, dx, ctx) {
      ctx.grads.beta[0] += x[0] * dy[0];
      dx[0] = dy[0];
    },
  },
  atZero: { dx: (_h, l) => l.beta, dParams: { beta: () => 0 } },
});

const bare = defineActivation({
  name: 'bare',
  apiVersion: 1,
  cpu: { forward() {}, backward() {} },
  reference: (x) => x,
});

describe('defineActivation types', () => {
  it('infers hyper-parameter names: unknown ones do not compile', () => {
    capped({ cap: 3 });
    // @ts-expect-error unknown hyper-parameter (at run time a ValidationError)
    expect(() => capped({ capp: 3 })).toThrow(/unknown hyper-parameter "capp"/);
    expectTypeOf(capped.resolve()).toEqualTypeOf<HyperParams<'cap' | 'threshold'>>();
    // @ts-expect-error a plugin without hyper-parameters takes none
    expect(() => bare({ cap: 1 })).toThrow(/it takes none/);
    bare({});
  });

  it('infers learnable names in ctx.params, ctx.grads and atZero', () => {
    expectTypeOf<Parameters<typeof learned.cpu.forward>[2]>().toEqualTypeOf<KernelContext<'init', 'beta'>>();
    // @ts-expect-error learned has no hyper-parameter "cap"
    expect(() => learned({ cap: 1 })).toThrow(/known: init/);
  });

  it('a supplied reference is non-optional on the returned type', () => {
    expectTypeOf(capped.reference).toEqualTypeOf<Reference<'cap' | 'threshold', never>>();
    expectTypeOf(bare.reference).not.toBeUndefined();
    expectTypeOf(learned.reference).toEqualTypeOf<Reference<'init', 'beta'> | undefined>();
  });

  it('rejects a package that is not an npm package name', () => {
    expect(() => defineActivation({ name: 'pkg', apiVersion: 1, package: 'Not A Package', cpu: bare.cpu })).toThrow(
      /"pkg": package must be an npm package name/,
    );
  });

  it('narrowed plugins are still plain ActivationPlugins', () => {
    const all: ActivationPlugin[] = [capped, learned, bare];
    expectTypeOf(all).toEqualTypeOf<ActivationPlugin[]>();
  });
});
