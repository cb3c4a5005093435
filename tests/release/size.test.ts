import { describe, expect, it } from 'vitest';
import { BUDGETS, type MinifiedBundle, minifiedBundle, minifiedSize, packageCosts, readmeXorExample } from './size';
import { breakdown, CARRIED } from './size-breakdown';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

describe('bundle sizes (esbuild --minify, from the built packages)', () => {
  // Bundled once for the budget and the breakdown below.
  let xorBundle: Promise<MinifiedBundle> | undefined;
  const bundleXor = () => {
    xorBundle ??= minifiedBundle(readmeXorExample());
    return xorBundle;
  };

  it(`import { relu } from '@rectify/relu' costs at most ${kb(BUDGETS.reluOnly)}`, async () => {
    const size = await minifiedSize(`import { relu } from '@rectify/relu'; console.log(relu);`);
    console.log(`relu only: ${kb(size)}`);
    // The premise of the budget: the whole of core is far bigger, so tree-shaking is what keeps relu small.
    const whole = await minifiedSize(`import * as core from '@rectify/core'; console.log(Object.values(core));`);
    expect(whole).toBeGreaterThan(3 * BUDGETS.reluOnly);
    expect(size).toBeLessThanOrEqual(BUDGETS.reluOnly);
  });

  it("the README's XOR example (core + relu) stays within today's budget", async () => {
    const source = readmeXorExample();
    expect(source).toContain("from '@rectify/core'");
    const size = (await bundleXor()).bytes;
    console.log(`README XOR example: ${kb(size)} (target ${kb(BUDGETS.xorTarget)})`);
    expect(size).toBeLessThanOrEqual(BUDGETS.xorNow);
  });

  it("breaks the README's XOR example down into what it runs and what it carries", async () => {
    const bundle = await bundleXor();
    const parts = breakdown(bundle);
    console.table(Object.fromEntries([...parts].map(([concern, n]) => [concern, kb(n)])));
    // Every module's bytes are counted once; the rest of the bundle is esbuild's glue between modules.
    const counted = [...parts.values()].reduce((a, b) => a + b, 0);
    expect(counted).toBeLessThanOrEqual(bundle.bytes);
    expect(counted).toBeGreaterThan(0.97 * bundle.bytes);
    // A carried concern that matches nothing means its modules moved: the breakdown must follow them.
    for (const c of CARRIED) expect(parts.get(c.name), c.name).toBeGreaterThan(0);
  });

  it('reports what each package costs when all of it is imported', async () => {
    const costs = await packageCosts();
    console.table(Object.fromEntries(Object.entries(costs).map(([p, n]) => [p, kb(n)])));
    for (const [p, n] of Object.entries(costs)) expect(n, p).toBeGreaterThan(0);
  });
});
