import type { HyperParams } from '@rectify/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { leakyRelu } from './index';

// Compiled by `pnpm typecheck` (tsc, strict + noUncheckedIndexedAccess): an unused @ts-expect-error fails it.
describe('leaky-relu types', () => {
  it('takes only its own hyper-parameter names', () => {
    leakyRelu({ negativeSlope: 0.2 });
    // @ts-expect-error PyTorch's name, not ours; at run time a ValidationError
    expect(() => leakyRelu({ negative_slope: 0.2 })).toThrow(/unknown hyper-parameter/);
    expectTypeOf(leakyRelu.resolve()).toEqualTypeOf<HyperParams<'negativeSlope'>>();
  });
});
