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

const W = 520;
const H = 340;
const PAD = 40;
const X_MIN = -4;
const X_MAX = 4;
const Y_MIN = -1.5;
const Y_MAX = 4;
const N = 801; // includes x = 0 exactly

const sx = (x: number) => PAD + ((x - X_MIN) / (X_MAX - X_MIN)) * (W - 2 * PAD);
const sy = (y: number) => H - PAD - ((y - Y_MIN) / (Y_MAX - Y_MIN)) * (H - 2 * PAD);
const fmt = (v: number) => v.toFixed(2);
/** A value for the legend: at most 4 decimals, no trailing zeros. */
const fmtValue = (v: number) => `${Number(v.toFixed(4))}`;

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

/** A tick label with a true minus sign. */
const tick = (v: number) => (v < 0 ? `\u2212${-v}` : `${v}`);

function svg(plot: Plot): string {
  const { x, y, dx } = evaluate(plot);
  const zero = (N - 1) / 2;
  const grid: string[] = [];
  for (let gx = X_MIN; gx <= X_MAX; gx++) {
    grid.push(`<line x1="${fmt(sx(gx))}" y1="${fmt(sy(Y_MIN))}" x2="${fmt(sx(gx))}" y2="${fmt(sy(Y_MAX))}" class="grid"/>`);
    grid.push(`<text x="${fmt(sx(gx))}" y="${fmt(sy(Y_MIN) + 16)}" text-anchor="middle">${tick(gx)}</text>`);
  }
  for (let gy = Math.ceil(Y_MIN); gy <= Y_MAX; gy++) {
    grid.push(`<line x1="${fmt(sx(X_MIN))}" y1="${fmt(sy(gy))}" x2="${fmt(sx(X_MAX))}" y2="${fmt(sy(gy))}" class="grid"/>`);
    grid.push(`<text x="${fmt(sx(X_MIN) - 6)}" y="${fmt(sy(gy) + 4)}" text-anchor="end">${tick(gy)}</text>`);
  }
  // Where f' jumps at 0, a hollow circle marks the one-sided limit that is NOT used at x = 0.
  const left = dx[zero - 1];
  const right = dx[zero + 1];
  const other = Math.abs(dx[zero] - left) > Math.abs(dx[zero] - right) ? left : right;
  const jump = Math.abs(dx[zero] - other) > 0.05;
  // Legend in the upper-left quadrant, which every plotted curve leaves empty.
  const lx = sx(X_MIN) + 10;
  const ly = sy(Y_MAX) + 10;
  const rows = jump ? 4 : 3;
  const legend = [
    `<rect x="${lx}" y="${ly}" width="206" height="${rows * 18 + 8}" rx="3" fill="#fff" stroke="#d1d5db"/>`,
    `<line x1="${lx + 8}" y1="${ly + 14}" x2="${lx + 32}" y2="${ly + 14}" class="f"/><text x="${lx + 40}" y="${ly + 18}">f(x)</text>`,
    `<line x1="${lx + 8}" y1="${ly + 32}" x2="${lx + 32}" y2="${ly + 32}" class="df"/><text x="${lx + 40}" y="${ly + 36}">f\u2032(x)</text>`,
    `<circle cx="${lx + 20}" cy="${ly + 50}" r="4" class="dot"/><text x="${lx + 40}" y="${ly + 54}">f\u2032(0) = ${fmtValue(dx[zero])}, as in PyTorch</text>`,
  ];
  if (jump) {
    legend.push(
      `<circle cx="${lx + 20}" cy="${ly + 68}" r="4" class="open"/><text x="${lx + 40}" y="${ly + 72}">other one-sided limit</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">
<title>${plot.title} and its derivative</title>
<style>.grid{stroke:#e5e7eb;stroke-width:1}.axis{stroke:#6b7280;stroke-width:1.2}.f{fill:none;stroke:#2563eb;stroke-width:2.5}.df{fill:none;stroke:#dc2626;stroke-width:2;stroke-dasharray:6 4}.dot{fill:#dc2626}.open{fill:#fff;stroke:#dc2626;stroke-width:1.5}text{fill:#374151}</style>
<rect width="${W}" height="${H}" fill="#fff"/>
${grid.join('\n')}
<line x1="${fmt(sx(X_MIN))}" y1="${fmt(sy(0))}" x2="${fmt(sx(X_MAX))}" y2="${fmt(sy(0))}" class="axis"/>
<line x1="${fmt(sx(0))}" y1="${fmt(sy(Y_MIN))}" x2="${fmt(sx(0))}" y2="${fmt(sy(Y_MAX))}" class="axis"/>
<text x="${fmt(sx(X_MAX) + 8)}" y="${fmt(sy(0) + 4)}" font-style="italic">x</text>
<path d="${path(x, y)}" class="f"/>
<path d="${path(x, dx)}" class="df"/>
${jump ? `<circle cx="${fmt(sx(0))}" cy="${fmt(sy(other))}" r="4" class="open"/>` : ''}
<circle cx="${fmt(sx(0))}" cy="${fmt(sy(dx[zero]))}" r="4" class="dot"/>
<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${plot.title}</text>
${legend.join('\n')}
</svg>
`;
}

const root = fileURLToPath(new URL('..', import.meta.url));
for (const plot of PLOTS) {
  const file = `${root}packages/${plot.pkg}/docs/${plot.pkg}.svg`;
  writeFileSync(file, svg(plot));
  console.log(`wrote ${file}`);
}
