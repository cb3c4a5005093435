/**
 * Generates the WebAssembly text of Rectify's SIMD optimizer-update module: the SGD and Adam/AdamW updates of
 * src/optimizers/sgd.ts and adam.ts over float32 arrays.
 *
 * Every export takes four byte offsets into the imported `env.memory` (the parameter p, its gradient g and up to two
 * optimizer slots; those an update does not use are ignored, so that every export is called alike), an element
 * count n and the optimizer's hoisted scalars as f64 parameters, and processes n rounded up to a multiple of LANES
 * floats (the caller pads every region to a multiple of {@link PAD_FLOATS}; lanes past n compute on whatever is
 * there and are never read back):
 * - `sgd(p, g, _, _, n, lr, wd)`: p = p − lr·(g + wd·p).
 * - `sgdMomentumAny(p, g, b, _, n, lr, wd, mu, keep, first, nesterov)`: d = g + wd·p; b' = d on a parameter's first
 *   momentum step (`first` = 1), else b' = mu·b + keep·d; b = b'; p = p − lr·(d + mu·b') with `nesterov` = 1, else
 *   p = p − lr·b'. The flags pick whole lanes (both sides are computed), they never change an operation.
 * - `sgdMomentum(p, g, b, _, n, lr, wd, mu, keep)`: sgdMomentumAny with both flags 0 (later steps, heavy-ball momentum,
 *   the common case) without the selects, which cost ~40 % of its time.
 * - `adam(p, g, m, v, n, b1, c1, b2, c2, shrink, stepSize, sqrtBc2, eps)`: m' = b1·m + c1·g;
 *   v' = b2·v + (c2·g)·g; m = m'; v = v'; p = p·shrink − (stepSize·m') / (√v' / sqrtBc2 + eps).
 *
 * Arithmetic is float64 (each pair of float32s loaded with v128.load64_zero and promoted exactly to one f64x2),
 * with the same expression trees and operation order as the JavaScript loops, and each stored value is the float64
 * one rounded once to float32 (f32x4.demote_f64x2_zero rounds to nearest-even as a Float32Array store does). Every
 * IEEE-754 operation used (+, −, ·, /, √, the conversions) is correctly rounded, so every result is bit-identical
 * to the JavaScript loop's, ±0, ±∞ and subnormals included; only the payload bits of a NaN may differ. Two floats
 * per iteration rather than four keep the module small (no shuffles to split and join a block's halves: 883 bytes
 * against 1616) and measured as fast or faster here (SGD 0.41 against 0.49 ns per element).
 */

/** Floats per loop iteration. */
export const LANES = 2;
/** Region padding the JavaScript side must provide, in floats (a multiple of LANES). */
export const PAD_FLOATS = 4;

/**
 * The update rules, one per export. `ptrs` are the float32 arrays (those in `outs` are written), `scalars` the f64
 * parameters, `flags` i32 parameters (0 or 1) used by `sel`, `lets` intermediate float64 values by name and `outs`
 * the value stored into each written array. Expressions are trees of [op, …args] over array, let and scalar names;
 * [`sel`, flag, a, b] is a when the flag is 1, else b.
 */
const SGD_D = ['add', 'g', ['mul', 'wd', 'p']];
const SGD_B = ['add', ['mul', 'mu', 'b'], ['mul', 'keep', 'd']];
const UPDATES = [
  { name: 'sgd', ptrs: ['p', 'g'], scalars: ['lr', 'wd'], lets: [], outs: [['p', ['sub', 'p', ['mul', 'lr', SGD_D]]]] },
  {
    name: 'sgdMomentum',
    ptrs: ['p', 'g', 'b'],
    scalars: ['lr', 'wd', 'mu', 'keep'],
    lets: [
      ['d', SGD_D],
      ['bn', SGD_B],
    ],
    outs: [
      ['b', 'bn'],
      ['p', ['sub', 'p', ['mul', 'lr', 'bn']]],
    ],
  },
  {
    name: 'sgdMomentumAny',
    ptrs: ['p', 'g', 'b'],
    scalars: ['lr', 'wd', 'mu', 'keep'],
    flags: ['first', 'nesterov'],
    lets: [
      ['d', SGD_D],
      ['bn', ['sel', 'first', 'd', SGD_B]],
    ],
    outs: [
      ['b', 'bn'],
      ['p', ['sub', 'p', ['mul', 'lr', ['sel', 'nesterov', ['add', 'd', ['mul', 'mu', 'bn']], 'bn']]]],
    ],
  },
  {
    name: 'adam',
    ptrs: ['p', 'g', 'm', 'v'],
    scalars: ['b1', 'c1', 'b2', 'c2', 'shrink', 'stepSize', 'sqrtBc2', 'eps'],
    lets: [
      ['mn', ['add', ['mul', 'b1', 'm'], ['mul', 'c1', 'g']]],
      ['vn', ['add', ['mul', 'b2', 'v'], ['mul', ['mul', 'c2', 'g'], 'g']]],
    ],
    outs: [
      ['m', 'mn'],
      ['v', 'vn'],
      [
        'p',
        ['sub', ['mul', 'p', 'shrink'], ['div', ['mul', 'stepSize', 'mn'], ['add', ['div', ['sqrt', 'vn'], 'sqrtBc2'], 'eps']]],
      ],
    ],
  },
];

/**
 * The f64x2 text of expression `e`: array names read the pair loaded this iteration (local `$name_x`), let names
 * their local, scalar names their splat (`$name_k`), flags their lane mask (`$name_m`).
 */
function expr(e, u) {
  if (typeof e === 'string') {
    if (u.scalars.includes(e)) return `(local.get $${e}_k)`;
    return `(local.get $${e}_x)`;
  }
  const [op, ...args] = e;
  if (op === 'sel') return `(v128.bitselect ${expr(args[1], u)} ${expr(args[2], u)} (local.get $${args[0]}_m))`;
  return `(f64x2.${op} ${args.map((a) => expr(a, u)).join(' ')})`;
}

/** One exported update: a loop over n rounded up to a multiple of LANES floats. */
function updateFunc(u) {
  const { name, ptrs, scalars, flags = [], lets, outs } = u;
  const params = [
    ...[0, 1, 2, 3].map((i) => `(param $${ptrs[i] ?? `unused${i}`} i32)`),
    '(param $n i32)',
    ...scalars.map((s) => `(param $${s} f64)`),
    ...flags.map((f) => `(param $${f} i32)`),
  ];
  const used = JSON.stringify([lets, outs.map(([, e]) => e)]);
  const read = ptrs.filter((q) => used.includes(`"${q}"`));
  const locals = [
    '(local $i i32) (local $end i32)',
    ...[...read, ...lets.map(([l]) => l)].map((x) => `(local $${x}_x v128)`),
    ...scalars.map((s) => `(local $${s}_k v128)`),
    ...flags.map((f) => `(local $${f}_m v128)`),
  ];
  const at = (q) => `(i32.add (local.get $${q}) (local.get $i))`;
  const pre = [
    ...scalars.map((s) => `(local.set $${s}_k (f64x2.splat (local.get $${s})))`),
    ...flags.map((f) => `(local.set $${f}_m (i32x4.splat (i32.sub (i32.const 0) (local.get $${f}))))`),
  ];
  const body = [
    ...read.map((q) => `(local.set $${q}_x (f64x2.promote_low_f32x4 (v128.load64_zero ${at(q)})))`),
    ...lets.map(([l, e]) => `(local.set $${l}_x ${expr(e, u)})`),
    ...outs.map(([q, e]) => `(v128.store64_lane 0 ${at(q)} (f32x4.demote_f64x2_zero ${expr(e, u)}))`),
  ];
  return `  (func (export "${name}") ${params.join(' ')}
    ${locals.join(' ')}
    ${pre.join('\n    ')}
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      ${body.join('\n      ')}
      (local.set $i (i32.add (local.get $i) (i32.const ${4 * LANES})))
      (br $next)))
  )`;
}

/** @returns {string} the module's WebAssembly text */
export function optimWat() {
  return ['(module', '  (import "env" "memory" (memory 1))', ...UPDATES.map(updateFunc), ')'].join('\n');
}
