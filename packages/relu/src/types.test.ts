import type { HyperParams, KernelContext, Reference } from '@rectify/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { relu } from './index';

// Compiled by `pnpm typecheck` (tsc, strict + noUncheckedIndexedAccess): an unused @ts-expect-error fails it.
describe('relu types', () => {
  it('takes only its own hyper-parameter names', () => {
    relu({ cap: 6 });
    // @ts-expect-error misspelt hyper-parameter (and at run time a ValidationError)
    expect(() => relu({ capp: 6 })).toThrow(/unknown hyper-parameter "capp"/);
    // @ts-expect-error the cap is a number
    expect(() => relu({ cap: '6' })).toThrow(/must be a number/);
    expectTypeOf(relu.resolve()).toEqualTypeOf<HyperParams<'cap'>>();
  });

  it('gives its kernels a context with exactly its names, and a non-optional reference', () => {
    expectTypeOf<Parameters<typeof relu.cpu.forward>[2]>().toEqualTypeOf<KernelContext<'cap', never>>();
    expectTypeOf(relu.reference).toEqualTypeOf<Reference<'cap', never>>();
    expectTypeOf(relu.reference(1, relu.resolve(), {})).toBeNumber();
  });
});
