import { GPU } from 'gpu.js';
import { describe, expect, it } from 'vitest';
import { checkGradients, checkHyperRoundTrip, checkInputsUntouched, checkKernelHygiene, runConformance } from '../src';
import { baseDefinition, goodKernels, sample, sampleOptions, sampleWithCpu, slopeAt } from './sample-plugin';

const gpu = { GPU, mode: 'cpu' } as const;
// Smaller than the default 100 000 elements to keep this file fast; an output-sized array per call is still
// 80 KB × 200 calls, and per-element objects are still millions.
const allocationLength = 20_000;

/** Ids of the checks that failed. */
async function failing(plugin: ReturnType<typeof sample>, options: object = sampleOptions): Promise<string[]> {
  const { results } = await runConformance(plugin, { ...options, gpu, allocationLength });
  return Object.values(results)
    .filter((r) => r.failures.length > 0)
    .map((r) => r.id);
}

describe('the conformance suite on a correct plugin', { timeout: 60_000 }, () => {
  it('passes every check, shared and per channel, including gpu.js agreement', async () => {
    const { passed, results } = await runConformance(sample(), { ...sampleOptions, gpu });
    const failures = Object.values(results).flatMap((r) => r.failures.map((f) => `${r.id}: ${f}`));
    expect(failures).toEqual([]);
    expect(passed).toBe(true);
    expect(Object.keys(results)).toContain('gpu-agreement');
    expect(results.gradients.compared).toBeGreaterThan(100);
  });
});

describe('the conformance suite catches broken plugins', { timeout: 60_000 }, () => {
  it('a wrong input gradient', async () => {
    const plugin = sampleWithCpu({
      backward(x, y, dy, dx, ctx) {
        goodKernels.backward(x, y, dy, dx, ctx);
        for (let i = 0; i < ctx.length; i++) if (x[i] > 0) dx[i] *= 1.01;
      },
    });
    expect(await failing(plugin)).toContain('gradients');
  });

  it('a learnable gradient with a flipped sign in one channel names that channel and the sign', async () => {
    const plugin = sampleWithCpu({
      backward(x, y, dy, dx, ctx) {
        const g = ctx.grads.slope;
        const before = g.length > 1 ? g[1]! : 0;
        goodKernels.backward(x, y, dy, dx, ctx);
        if (g.length > 1) g[1] = before - (g[1]! - before);
      },
    });
    const failures = checkGradients(plugin, sampleOptions).failures;
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f).toContain('d/dslope of channel 1 (ctx.grads.slope[1])');
      expect(f).toContain('the sign is flipped');
      expect(f).not.toContain('+=');
    }
  });

  it('a learnable gradient twice too large names the scale, not the accumulation', async () => {
    const plugin = sampleWithCpu({
      backward(x, y, dy, dx, ctx) {
        const g = ctx.grads.slope;
        const before = g[0]!;
        goodKernels.backward(x, y, dy, dx, ctx);
        if (g.length === 1) g[0] = before + 2 * (g[0]! - before);
      },
    });
    const failures = checkGradients(plugin, sampleOptions).failures;
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f).toContain('d/dslope (shared)');
      expect(f).toContain('it is 2× the expected value');
    }
  });

  it('a wrong learnable-parameter gradient (taken on the wrong side of 0)', async () => {
    const plugin = sampleWithCpu({
      backward(x, y, dy, dx, ctx) {
        const g = ctx.grads.slope;
        goodKernels.backward(x, y, dy, dx, ctx);
        for (let i = 0; i < ctx.length; i++)
          if (x[i] > 0) g[g.length === 1 ? 0 : ((i / ctx.inner) | 0) % ctx.channels] += x[i] * dy[i];
      },
    });
    expect(await failing(plugin)).toContain('gradients');
  });

  it('a parameter gradient that overwrites ctx.grads instead of adding', async () => {
    const plugin = sampleWithCpu({
      backward(x, y, dy, dx, ctx) {
        ctx.grads.slope.fill(0);
        goodKernels.backward(x, y, dy, dx, ctx);
      },
    });
    expect(await failing(plugin)).toEqual(['gradients']);
    const failures = checkGradients(plugin, sampleOptions).failures;
    for (const f of failures) expect(f).toContain('overwrote ctx.grads.slope instead of adding to it');
  });

  it('a wrong channel mapping (ignoring inner)', async () => {
    const mapped = (ctx: { inner: number; channels: number }, i: number) => i % ctx.channels;
    const plugin = sampleWithCpu({
      forward(x, y, ctx) {
        const s = ctx.params.slope;
        for (let i = 0; i < ctx.length; i++) y[i] = x[i] > 0 ? x[i] : s[s.length === 1 ? 0 : mapped(ctx, i)] * x[i];
      },
    });
    const failed = await failing(plugin);
    expect(failed).toContain('forward-reference');
    // Shared slopes do not depend on the mapping: the suite needs the per-channel set to see it.
    expect(await failing(plugin, {})).not.toContain('forward-reference');
  });

  it('a NaN-swallowing forward', async () => {
    const plugin = sampleWithCpu({
      forward(x, y, ctx) {
        goodKernels.forward(x, y, ctx);
        for (let i = 0; i < ctx.length; i++) if (x[i] !== x[i]) y[i] = 0;
      },
    });
    expect(await failing(plugin)).toContain('nan');
  });

  it('a NaN-swallowing backward', async () => {
    const plugin = sampleWithCpu({
      backward(x, y, dy, dx, ctx) {
        goodKernels.backward(x, y, dy, dx, ctx);
        for (let i = 0; i < ctx.length; i++) if (x[i] !== x[i]) dx[i] = 0;
      },
    });
    expect(await failing(plugin)).toEqual(['nan']);
  });

  it('a kernel that writes beyond length', async () => {
    const plugin = sampleWithCpu({
      forward(x, y, ctx) {
        goodKernels.forward(x, y, { ...ctx, length: x.length });
      },
    });
    expect(await failing(plugin)).toEqual(['kernel-hygiene']);
  });

  it('a kernel that leaves part of [0, length) unwritten', async () => {
    const plugin = sampleWithCpu({
      backward(x, y, dy, dx, ctx) {
        goodKernels.backward(x, y, dy, dx, { ...ctx, length: ctx.length - 1 });
      },
    });
    expect(await failing(plugin)).toContain('kernel-hygiene');
  });

  it('a backward that writes into dy is reported first, by name, and by every check that runs it', async () => {
    const plugin = sampleWithCpu({
      backward(x, y, dy, dx, ctx) {
        goodKernels.backward(x, y, dy, dx, ctx);
        for (let i = 0; i < ctx.length; i++) dy[i] = dx[i]!;
      },
    });
    const { results } = await runConformance(plugin, { ...sampleOptions, gpu, allocationLength });
    const failed = Object.values(results).filter((r) => r.failures.length > 0);
    // The first failing check, in the order the suite runs them, is the one about inputs.
    expect(failed[0]?.id).toBe('inputs');
    expect(failed[0]?.failures[0]).toMatch(/^backward wrote into dy \(element \d+ was /);
    // No other check blames the output or prints numbers computed from the mutated dy.
    for (const r of failed) for (const f of r.failures) expect(f).toContain('backward wrote into dy');
    expect(failed.map((r) => r.id)).not.toContain('forward-reference');
  });

  it('a forward that clamps x in place is caught on the tails (|x| up to 100), reported as a write into x', async () => {
    const plugin = sampleWithCpu({
      forward(x, y, ctx) {
        for (let i = 0; i < ctx.length; i++) if (x[i]! > 50) x[i] = 50;
        goodKernels.forward(x, y, ctx);
      },
    });
    const inputs = checkInputsUntouched(plugin, sampleOptions).failures;
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs[0]).toMatch(/^forward wrote into x \(element \d+ was (88\.5|100|Infinity|3\.4\d*e\+38), became 50\)/);
    const hygiene = checkKernelHygiene(plugin, sampleOptions).failures;
    expect(hygiene.length).toBeGreaterThan(0);
    for (const f of hygiene) expect(f).toMatch(/^forward wrote into x/);
    for (const f of hygiene) expect(f).not.toMatch(/did not write output/);
  });

  it('a backward that overwrites NaN in x (a special value) is reported as a write into x', async () => {
    const plugin = sampleWithCpu({
      backward(x, y, dy, dx, ctx) {
        for (let i = 0; i < ctx.length; i++) if (x[i] !== x[i]) x[i] = 0;
        goodKernels.backward(x, y, dy, dx, ctx);
      },
    });
    const inputs = checkInputsUntouched(plugin, sampleOptions).failures;
    expect(inputs[0]).toMatch(/^backward wrote into x \(element \d+ was NaN, became 0\)/);
  });

  it('a kernel that allocates an output-sized array per call', async () => {
    const plugin = sampleWithCpu({
      forward(x, y, ctx) {
        const tmp = new Float32Array(ctx.length);
        goodKernels.forward(x, tmp, ctx);
        y.set(tmp.subarray(0, ctx.length));
      },
    });
    expect(await failing(plugin)).toEqual(['allocation']);
  });

  it('a kernel that allocates a small array of `channels` floats per call', async () => {
    const plugin = sampleWithCpu({
      backward(x, _y, dy, dx, ctx) {
        // Per-channel partial sums in a fresh array: correct values, but 12 bytes of floats plus a typed array per call.
        const sums = new Float32Array(ctx.channels);
        const g = ctx.grads.slope;
        for (let i = 0; i < ctx.length; i++) {
          const v = x[i]!;
          dx[i] = v > 0 ? dy[i]! : v <= 0 ? slopeAt(ctx, i) * dy[i]! : v;
          if (!(v > 0)) sums[g.length === 1 ? 0 : ((i / ctx.inner) | 0) % ctx.channels]! += v * dy[i]!;
        }
        for (let c = 0; c < g.length; c++) g[c]! += sums[c]!;
      },
    });
    expect(await failing(plugin)).toEqual(['allocation']);
    const { results } = await runConformance(plugin, { ...sampleOptions, allocationLength });
    expect(results.allocation?.failures.join('\n')).toMatch(/backward on \d+ elements allocates ~\d+ bytes of heap per call/);
  });

  it('a kernel that allocates per element', async () => {
    const plugin = sampleWithCpu({
      forward(x, y, ctx) {
        const boxes: { v: number }[] = [];
        for (let i = 0; i < ctx.length; i++) boxes.push({ v: x[i] > 0 ? x[i] : 0.25 * x[i] });
        for (let i = 0; i < ctx.length; i++) y[i] = boxes[i].v;
      },
    });
    expect(await failing(plugin, {})).toContain('allocation');
  });

  it('a kernel that breaks the declared convention at 0', async () => {
    const plugin = sample({ atZero: { dx: () => 1, dParams: { slope: () => 0 } } });
    expect(await failing(plugin)).toEqual(['at-zero']);
  });

  it('a forward that disagrees with its reference', async () => {
    const plugin = sample({ reference: (x, _h, l) => (x > 0 ? x : l.slope * x * 1.001) });
    expect(await failing(plugin)).toContain('forward-reference');
  });

  it('a wrong limit at -Infinity', async () => {
    const plugin = sampleWithCpu({
      forward(x, y, ctx) {
        goodKernels.forward(x, y, ctx);
        for (let i = 0; i < ctx.length; i++) if (x[i] === Number.NEGATIVE_INFINITY) y[i] = 0;
      },
    });
    expect(await failing(plugin)).toEqual(['infinity']);
  });

  it('gpu functions that disagree with the CPU kernels, or that gpu.js cannot compile', async () => {
    const gpuKernels = baseDefinition.gpu!;
    const wrong = sample({
      gpu: {
        ...gpuKernels,
        backward: function wrongBackward(x: number, _y: number, dy: number, _n: number, a: number) {
          return x > 0 ? dy : -a * dy;
        },
      },
    });
    expect(await failing(wrong)).toEqual(['gpu-agreement']);
    // Code gpu.js cannot compile does not get as far as a plugin: defineActivation rejects it, saying why.
    expect(() => sample({ gpu: { ...gpuKernels, forward: (x: number, _n: number, a: number) => (x > 0 ? x : a * x) } })).toThrow(
      /gpu.forward is an arrow function/,
    );
    expect(() =>
      sample({
        gpu: {
          ...gpuKernels,
          forward: function short(x: number) {
            return x;
          },
        },
      }),
    ).toThrow(/gpu.forward takes 1 arguments but is called with 3 \(x, numParameters, slope\)/);
  });

  it('hand-written CPU kernels that disagree with the scalar definition', async () => {
    const scalar = baseDefinition.gpu!;
    // The scalar functions alone: the derived CPU kernels pass everything, including the agreement with themselves.
    const derived = sample({ cpu: undefined, scalar, gpu: undefined });
    expect(await failing(derived)).toEqual([]);
    const good = sample({ scalar });
    expect(await failing(good)).toEqual([]);
    const off = sampleWithCpu({
      backward(x, y, dy, dx, ctx) {
        goodKernels.backward(x, y, dy, dx, ctx);
        for (let i = 0; i < ctx.length; i++) if (x[i]! < -50) dx[i] = 0; // a "fast path" that flushes the far tail
      },
    });
    const offWithScalar = sample({ cpu: off.cpu, scalar });
    const failures = (await runConformance(offWithScalar, { ...sampleOptions, gpu, allocationLength })).results[
      'scalar-agreement'
    ]?.failures;
    expect(failures?.[0]).toMatch(/cpu.backward at x=-\d+(\.\d+)?(e\+\d+)? \(dy=[-\d.]+\) gives dx=0, the scalar backward gives/);
  });

  it('a plugin without a reference cannot pass (the suite needs an independent truth)', async () => {
    expect(await failing(sample({ reference: undefined }))).toEqual(['forward-reference', 'infinity']);
  });
});

describe('hyper-parameter round trip', () => {
  it('accepts a default of Infinity (model JSON leaves defaults out) but not a non-default Infinity', () => {
    const capped = sample({
      params: { ...baseDefinition.params, cap: { default: Number.POSITIVE_INFINITY, min: 0, allowInfinity: true } },
      gpu: undefined,
    });
    expect(checkHyperRoundTrip(capped, { hyperSets: [{ cap: 6 }] }).failures).toEqual([]);
    const inverse = sample({
      params: { ...baseDefinition.params, cap: { default: 6, min: 0, allowInfinity: true } },
      gpu: undefined,
    });
    const failures = checkHyperRoundTrip(inverse, { hyperSets: [{ cap: Number.POSITIVE_INFINITY }] }).failures;
    expect(failures.join('\n')).toContain('does not resolve again');
  });
});
