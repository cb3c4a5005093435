import type { KernelContext, LearnableValues } from '@rectify/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { prelu } from './index';

// Compiled by `pnpm typecheck` (tsc, strict + noUncheckedIndexedAccess): an unused @ts-expect-error fails it.
describe('prelu types', () => {
  it('names its hyper-parameters and its learnable slope', () => {
    prelu({ numParameters: 4, init: 0.1 });
    // @ts-expect-error misspelt hyper-parameter; at run time a ValidationError
    expect(() => prelu({ numParams: 4 })).toThrow(/unknown hyper-parameter/);
    expectTypeOf<Parameters<typeof prelu.cpu.backward>[4]>().toEqualTypeOf<KernelContext<'numParameters' | 'init', 'slope'>>();
    expectTypeOf<Parameters<typeof prelu.reference>[2]>().toEqualTypeOf<LearnableValues<'slope'>>();
    // @ts-expect-error the learnable is "slope"; at run time the reference reads undefined
    expect(prelu.reference(-1, prelu.resolve(), { slop: 0.25 })).toBeNaN();
  });
});
