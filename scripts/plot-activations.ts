/**
 * Writes `packages/<name>/docs/<name>.svg`: each activation and its derivative, computed by the plugin's own CPU
 * kernels (not a re-implementation), at its default hyper-parameters. Run with `npx tsx scripts/plot-activations.ts`.
 *
 * The kernels are imported from their source files, which depend on @rectify/core for types only, so the script
 * runs without building core.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eluCpu } from '../packages/elu/src/cpu-kernels';
import { leakyReluCpu } from '../packages/leaky-relu/src/cpu-kernels';
import { preluCpu } from '../packages/prelu/src/cpu-kernels';
import { reluCpu } from '../packages/relu/src/cpu-kernels';

interface Kernels {
  forward(x: Float32Array, y: Float32Array, ctx: never): void;
  backward(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, ctx: never): void;
}

interface Plot {
  readonly pkg: string;
  readonly title: string;
  readonly kernels: Kernels;
  readonly hyper: Record<string, number>;
  readonly learnable?: Record<string, number>;
}

const PLOTS: Plot[] = [
  { pkg: 'relu', title: 'ReLU', kernels: reluCpu, hyper: { cap: Number.POSITIVE_INFINITY } },
  { pkg: 'leaky-relu', title: 'Leaky ReLU (negativeSlope 0.01)', kernels: leakyReluCpu, hyper: { negativeSlope: 0.01 } },
  {
    pkg: 'prelu',
    title: 'PReLU (slope 0.25, its init)',
    kernels: preluCpu,
    hyper: { numParameters: 1, init: 0.25 },
    learnable: { slope: 0.25 },
  },
  { pkg: 'elu', title: 'ELU (alpha 1)', kernels: eluCpu, hyper: { alpha: 1 } },
];

const W = 480;
const H = 320;
const PAD = 36;
const X_MIN = -4;
const X_MAX = 4;
const Y_MIN = -1.5;
const Y_MAX = 4;
const N = 801; // includes x = 0 exactly

const sx = (x: number) => PAD + ((x - X_MIN) / (X_MAX - X_MIN)) * (W - 2 * PAD);
const sy = (y: number) => H - PAD - ((y - Y_MIN) / (Y_MAX - Y_MIN)) * (H - 2 * PAD);
const fmt = (v: number) => v.toFixed(2);

/** Evaluates f and f' on the grid with the plugin's kernels. */
function evaluate(plot: Plot): { x: Float32Array; y: Float32Array; dx: Float32Array } {
  const x = Float32Array.from({ length: N }, (_, i) => X_MIN + ((X_MAX - X_MIN) * i) / (N - 1));
  x[(N - 1) / 2] = 0;
  const y = new Float32Array(N);
  const dx = new Float32Array(N);
  const params: Record<string, Float32Array> = {};
  const grads: Record<string, Float32Array> = {};
  for (const [key, value] of Object.entries(plot.learnable ?? {})) {
    params[key] = Float32Array.of(value);
    grads[key] = new Float32Array(1);
  }
  const ctx = { length: N, channels: 1, inner: 1, hyper: plot.hyper, params, grads } as never;
  plot.kernels.forward(x, y, ctx);
  plot.kernels.backward(x, y, new Float32Array(N).fill(1), dx, ctx);
  return { x, y, dx };
}

/** An SVG path through the points, starting a new segment where the curve jumps (the derivative's step at 0). */
function path(x: Float32Array, y: Float32Array): string {
  let d = '';
  for (let i = 0; i < x.length; i++) {
    const jump = i > 0 && Math.abs(y[i] - y[i - 1]) > 0.1;
    d += `${i === 0 || jump ? 'M' : 'L'}${fmt(sx(x[i]))},${fmt(sy(Math.min(Math.max(y[i], Y_MIN - 1), Y_MAX + 1)))}`;
  }
  return d;
}

function svg(plot: Plot): string {
  const { x, y, dx } = evaluate(plot);
  const grid: string[] = [];
  for (let gx = X_MIN; gx <= X_MAX; gx++) {
    grid.push(`<line x1="${fmt(sx(gx))}" y1="${fmt(sy(Y_MIN))}" x2="${fmt(sx(gx))}" y2="${fmt(sy(Y_MAX))}" class="grid"/>`);
    grid.push(`<text x="${fmt(sx(gx))}" y="${fmt(sy(Y_MIN) + 14)}" text-anchor="middle">${gx}</text>`);
  }
  for (let gy = Math.ceil(Y_MIN); gy <= Y_MAX; gy++) {
    grid.push(`<line x1="${fmt(sx(X_MIN))}" y1="${fmt(sy(gy))}" x2="${fmt(sx(X_MAX))}" y2="${fmt(sy(gy))}" class="grid"/>`);
    grid.push(`<text x="${fmt(sx(X_MIN) - 6)}" y="${fmt(sy(gy) + 4)}" text-anchor="end">${gy}</text>`);
  }
  const zero = (N - 1) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">
<title>${plot.title} and its derivative</title>
<style>.grid{stroke:#e5e7eb;stroke-width:1}.axis{stroke:#9ca3af;stroke-width:1}.f{fill:none;stroke:#2563eb;stroke-width:2.5}.df{fill:none;stroke:#dc2626;stroke-width:2;stroke-dasharray:6 4}text{fill:#374151}</style>
<rect width="${W}" height="${H}" fill="#fff"/>
${grid.join('\n')}
<line x1="${fmt(sx(X_MIN))}" y1="${fmt(sy(0))}" x2="${fmt(sx(X_MAX))}" y2="${fmt(sy(0))}" class="axis"/>
<line x1="${fmt(sx(0))}" y1="${fmt(sy(Y_MIN))}" x2="${fmt(sx(0))}" y2="${fmt(sy(Y_MAX))}" class="axis"/>
<path d="${path(x, y)}" class="f"/>
<path d="${path(x, dx)}" class="df"/>
<circle cx="${fmt(sx(0))}" cy="${fmt(sy(dx[zero]))}" r="3.5" fill="#dc2626"/>
<text x="${W / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${plot.title}</text>
<line x1="${PAD + 8}" y1="34" x2="${PAD + 32}" y2="34" class="f"/><text x="${PAD + 38}" y="38">f(x)</text>
<line x1="${PAD + 8}" y1="50" x2="${PAD + 32}" y2="50" class="df"/><text x="${PAD + 38}" y="54">f′(x); dot: the value used at x = 0 (${fmt(dx[zero])})</text>
</svg>
`;
}

const root = fileURLToPath(new URL('..', import.meta.url));
for (const plot of PLOTS) {
  const file = `${root}packages/${plot.pkg}/docs/${plot.pkg}.svg`;
  writeFileSync(file, svg(plot));
  console.log(`wrote ${file}`);
}
