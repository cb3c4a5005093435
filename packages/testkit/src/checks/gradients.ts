import { type ActivationPlugin, createRng } from '@rectify/core';
import { buildCases, type ConformanceCase, learnableAt, runBackward, runForward, slotOf } from '../cases';
import { defaultStep, finiteDifference, looksSmooth } from '../finite-difference';
import { learnableGradientHint } from '../gradient-hint';
import { gradientInputs, upstream } from '../inputs';
import { guarded, type ResultBuilder } from '../result';
import { EPS32, fmt, within } from '../tolerance';
import type { CheckResult, ConformanceOptions, Tolerance } from '../types';

/** Gradient accumulators start at this value: `backward` must ADD into them, so the check subtracts it. */
const PREFILL = 0.375;

/** The float32 finite-difference step at `v`: cbrt(float32 ε) · max(1, |v|) balances truncation and round-off. */
function step32(v: number): number {
  return 2 ** -8 * Math.max(1, Math.abs(v));
}

/**
 * `backward` agrees with central finite differences, for inputs and for every learnable parameter (each channel
 * when per-channel), on seeded random inputs plus inputs near 0 and of large magnitude:
 * against float64 differences of `plugin.reference` (when present) and against float32 differences of the
 * plugin's own forward kernel. Points within a step of a declared kink, or where one-sided differences disagree,
 * are left out (listed in `notes`). Gradient accumulators are prefilled, so a kernel that overwrites instead of
 * adding fails.
 */
export function checkGradients(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('gradients', (r) => {
    const rng = createRng(options.seed ?? 1234);
    if (!plugin.reference) r.note('no reference: gradients were checked against the float32 kernel only');
    for (const c of buildCases(plugin, options)) {
      const x = Float32Array.from(gradientInputs(rng));
      const dy = upstream(rng, x.length);
      checkInputGradients(plugin, c, x, dy, options, r);
      for (const name of Object.keys(c.learnable)) checkParamGradients(plugin, c, name, x, dy, options, r);
    }
  });
}

function checkInputGradients(
  plugin: ActivationPlugin,
  c: ConformanceCase,
  x: Float32Array,
  dy: Float32Array,
  options: ConformanceOptions,
  r: ResultBuilder,
): void {
  const tol: Tolerance = options.gradientTolerance ?? { rtol: 1e-4, atol: 1e-6 };
  const tol32: Tolerance = options.kernelGradientTolerance ?? { rtol: 2e-2, atol: 1e-4 };
  const kinks = options.kinks?.(c.hyper) ?? [0];
  const { y, dx } = runBackward(plugin, c, x, dy);
  const xPlus = x.map((v) => v + step32(v));
  const xMinus = x.map((v) => v - step32(v));
  const yPlus = runForward(plugin, c, xPlus);
  const yMinus = runForward(plugin, c, xMinus);
  const ref = plugin.reference;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const at = learnableAt(c, i);
    const f = ref ? (v: number) => ref(v, c.hyper, at) : undefined;
    const h = defaultStep(xi);
    if (f) {
      if (kinks.some((k) => Math.abs(xi - k) <= 2 * h) || !looksSmooth(f, xi, h)) {
        r.note(`skipped x=${fmt(xi)} (${c.label}): not differentiable within the float64 step`);
      } else {
        const expected = finiteDifference(f, xi, h) * dy[i];
        r.expect(
          within(dx[i], expected, tol, 0, tol.atol * Math.abs(dy[i])),
          () =>
            `${c.label}: dx at x=${fmt(xi)} (dy=${fmt(dy[i])}) is ${fmt(dx[i])}, float64 finite differences of reference give ${fmt(expected)}`,
        );
      }
    }
    const h32 = xPlus[i] - xMinus[i];
    const roundoff = (4 * EPS32 * (Math.abs(yPlus[i]) + Math.abs(yMinus[i])) * Math.abs(dy[i])) / h32;
    const right = (yPlus[i] - y[i]) / (xPlus[i] - xi);
    const left = (y[i] - yMinus[i]) / (xi - xMinus[i]);
    const kernelKink = Math.abs(right - left) * Math.abs(dy[i]) > 0.1 * Math.max(1, Math.abs(right)) + 4 * roundoff;
    if (kinks.some((k) => Math.abs(xi - k) <= 2 * step32(xi)) || (f && !looksSmooth(f, xi, step32(xi), 1e-2)) || kernelKink) {
      r.note(`skipped x=${fmt(xi)} (${c.label}) for the float32 kernel differences: a kink is within the step`);
      continue;
    }
    const expected = ((yPlus[i] - yMinus[i]) / h32) * dy[i];
    r.expect(
      within(dx[i], expected, tol32, 0, roundoff),
      () =>
        `${c.label}: dx at x=${fmt(xi)} (dy=${fmt(dy[i])}) is ${fmt(dx[i])}, float32 finite differences of the forward kernel give ${fmt(expected)}`,
    );
  }
}

function checkParamGradients(
  plugin: ActivationPlugin,
  c: ConformanceCase,
  name: string,
  x: Float32Array,
  dy: Float32Array,
  options: ConformanceOptions,
  r: ResultBuilder,
): void {
  const tol: Tolerance = options.gradientTolerance ?? { rtol: 1e-4, atol: 1e-6 };
  const tol32: Tolerance = options.kernelGradientTolerance ?? { rtol: 2e-2, atol: 1e-4 };
  const values = c.learnable[name];
  const { grads } = runBackward(plugin, c, x, dy, PREFILL);
  const ref = plugin.reference;
  for (let k = 0; k < values.length; k++) {
    const members: number[] = [];
    for (let i = 0; i < x.length; i++) if (slotOf(values, i, c) === k) members.push(i);
    const where = `${c.label}: d/d${name} ${values.length > 1 ? `of channel ${k} (ctx.grads.${name}[${k}])` : '(shared)'}`;
    const analytic = grads[name][k] - PREFILL;
    const p = values[k];
    let sumDy = 0;
    for (const i of members) sumDy += Math.abs(dy[i]);
    if (ref) {
      let expected = 0;
      let scale = 0;
      let smooth = true;
      for (const i of members) {
        const at = learnableAt(c, i);
        const g = (v: number) => ref(x[i], c.hyper, { ...at, [name]: v });
        if (!looksSmooth(g, p, defaultStep(p))) smooth = false;
        const term = finiteDifference(g, p) * dy[i];
        expected += term;
        scale += Math.abs(term);
      }
      if (!smooth) r.note(`skipped ${where}: reference not differentiable in ${name} at ${fmt(p)}`);
      else {
        const extra = tol.atol * sumDy + EPS32 * (PREFILL + scale);
        r.expect(
          within(analytic, expected, tol, scale, extra),
          () =>
            `${where} is ${fmt(analytic)}, float64 finite differences of reference give ${fmt(expected)}: ` +
            learnableGradientHint(name, analytic, expected, PREFILL, (a, b) => within(a, b, tol, scale, extra)),
        );
      }
    }
    const plus = Float32Array.from(values);
    const minus = Float32Array.from(values);
    plus[k] = p + step32(p);
    minus[k] = p - step32(p);
    const yPlus = runForward(plugin, c, x, { ...c.learnable, [name]: plus });
    const yMinus = runForward(plugin, c, x, { ...c.learnable, [name]: minus });
    let lPlus = 0;
    let lMinus = 0;
    let mag = 0;
    for (const i of members) {
      lPlus += dy[i] * yPlus[i];
      lMinus += dy[i] * yMinus[i];
      mag += Math.abs(dy[i]) * (Math.abs(yPlus[i]) + Math.abs(yMinus[i]));
    }
    const h32 = plus[k] - minus[k];
    const expected = (lPlus - lMinus) / h32;
    const roundoff = (4 * EPS32 * mag) / h32 + EPS32 * (PREFILL + Math.abs(analytic));
    r.expect(
      within(analytic, expected, tol32, 0, roundoff + tol32.atol * sumDy),
      () =>
        `${where} is ${fmt(analytic)}, float32 finite differences of the forward kernel give ${fmt(expected)}: ` +
        learnableGradientHint(name, analytic, expected, PREFILL, (a, b) => within(a, b, tol32, 0, roundoff + tol32.atol * sumDy)),
    );
  }
}
