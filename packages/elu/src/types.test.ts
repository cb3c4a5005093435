import type { HyperParams, Reference } from '@rectify/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { elu } from './index';

// Compiled by `pnpm typecheck` (tsc, strict + noUncheckedIndexedAccess): an unused @ts-expect-error fails it.
describe('elu types', () => {
  it('takes only its own hyper-parameter names', () => {
    elu({ alpha: 0.5 });
    // @ts-expect-error ELU has no cap (that is ReLU's); at run time a ValidationError
    expect(() => elu({ cap: 6 })).toThrow(/unknown hyper-parameter "cap"/);
    expectTypeOf(elu.resolve()).toEqualTypeOf<HyperParams<'alpha'>>();
    expectTypeOf(elu.reference).toEqualTypeOf<Reference<'alpha', never>>();
  });
});
