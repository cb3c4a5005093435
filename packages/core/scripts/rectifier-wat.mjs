/**
 * Generates the WebAssembly text of Rectify's SIMD rectifier module: ReLU, Leaky ReLU and PReLU forward and backward
 * over float32 arrays. Every result is exact (compare, select, and one product rounded once), so it is bit-identical
 * to the JavaScript kernels of the plugins, which compute the same values in float64 and round once on store.
 *
 * Every export takes byte offsets into the imported `env.memory` and an element count n and processes n rounded up to
 * a multiple of 4·BLOCKS floats: the caller keeps regions padded to a multiple of PAD_FLOATS, or passes a multiple of
 * it (the in-place path on KernelArena arrays).
 * - `relu(x, y, n)`: y = pmax(x, 0) = x < 0 ? +0 : x: +0 for every x < 0 (−∞ included), −0 for −0 (PyTorch's
 *   relu(−0) = −0), x otherwise, NaN kept.
 * - `reluCap(x, y, n, cap)`: y = pmin(relu(x), cap) = cap < r ? cap : r (NaN falls through).
 * - `reluGrad(x, dy, dx, n, t)`: dx = dy · f + 0 with f = 1.0 where 0 < x and !(x >= t), else 0.0; NaN x gives
 *   f = x. Multiplying by exactly 1 or 0 keeps ±∞ and NaN dy visible (∞·0 = NaN), as the JavaScript kernel does;
 *   adding +0 turns the −0 of a negative dy into +0 (PyTorch's gradient +0) and changes nothing else.
 * - `leaky(x, y, n, s)`, `leakyGrad(x, dy, dx, n, s)` (s float64): y = x > 0 ? x : s·x, dx = x > 0 ? dy : s·dy, the
 *   product in float64 (two f64x2 halves) rounded to float32, as `Math.fround(s * v)`; NaN x gives NaN.
 * - `leaky32`, `leakyGrad32` (s float32): the same with an f32x4 product, exact when s is a float32 (a float32 product
 *   rounded once to float32 equals the float64 product rounded to float32).
 * - `prelu(x, y, n, p, k, P)`, `preluGrad(x, dy, dx, n, p, k, P)`: per-lane float32 slopes read from the periodic
 *   pattern at byte offset p (P + 4 floats, P a multiple of 4 and of the channel count), starting at float k of the
 *   pattern and wrapping by P.
 * - `preluGradSum(x, dy, dx, n, p, k, P, g)`: preluGrad, also adding each element's slope-gradient term
 *   min(x, 0)·dy (see slopeTerms; 0·dy for x = +∞, as the plugin's `slopeTerm`) into the float64
 *   accumulator of its channel at byte offset g (P = channels, a multiple of 4), so each channel sums in row order.
 * - `leakyGradSum32(x, dy, dx, n, s, g)`: leakyGrad32, also adding the slope-gradient term of element i into the
 *   float64 partial sum i mod 8 of the eight at byte offset g (each partial in element order; n ≡ 0 mod 8 except in a
 *   call's last slice, so slices keep the global index mod 8).
 * Lanes past n in the padded regions must hold +0 in x and dy for the sums (a +0 term leaves a sum that started at
 * +0 unchanged: such a sum is never −0).
 */

/** Floats per loop iteration (BLOCKS f32x4 blocks); callers pad regions to a multiple of {@link PAD_FLOATS}. */
export const BLOCKS = 2;
/** Region padding the JavaScript side must provide, in floats (a multiple of 4·BLOCKS). */
export const PAD_FLOATS = 16;

const ZERO = '(local.get $zero)';
const ONE = '(local.get $one)';

/** Float64 product s·v (v a float32 block, s an f64x2 splat) rounded to float32, as one f32x4. */
function mul64(s, v) {
  const lo = `(f32x4.demote_f64x2_zero (f64x2.mul ${s} (f64x2.promote_low_f32x4 ${v})))`;
  const hi = `(f32x4.demote_f64x2_zero (f64x2.mul ${s} (f64x2.promote_low_f32x4
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v}))))`;
  return `(i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 ${lo} ${hi})`;
}

/**
 * Float64 slope-gradient terms min(x, 0)·d of a block, as [low pair, high pair]. min(x, 0) is taken in float32 as
 * x & ~(x >= 0) (x for x < 0 and NaN, +0 otherwise, +∞ included) and the product of two float32s is exact in float64.
 * It equals the plugin's `(x − |x|)·0.5·d` except that x = −0 gives +0·d instead of −0·d: a zero either way, and
 * adding either zero leaves a sum that is not −0 unchanged.
 */
function slopeTerms(x, d) {
  const m = `(v128.andnot ${x} (f32x4.ge ${x} (local.get $zero)))`;
  const hiOf = (v) => `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})`;
  const mul = (a, b) => `(f64x2.mul (f64x2.promote_low_f32x4 ${a}) (f64x2.promote_low_f32x4 ${b}))`;
  return [`(local.tee $mm ${m})`, '(local.get $mm)'].map((mv, i) => (i === 0 ? mul(mv, d) : mul(hiOf(mv), hiOf(d))));
}

/**
 * One exported loop over 4·BLOCKS floats per iteration. `body(x, d, s)` returns the expression of one output block
 * from the loaded x block, dy block (with `grad`) and slope block (with `slopes`). `params` are extra params, `pre`
 * runs once before the loop (constants live in locals: V8 rematerialises a v128.const on every use in a loop).
 * `sum`: 'shared' adds element i's slope-gradient term into float64 partial sum i mod 4·BLOCKS, kept in f64x2 locals
 * (loaded from and stored back to byte offset $g, so the latency of one add is spread over 4·BLOCKS elements);
 * 'channels' adds them lane-wise into the float64 accumulators at byte offset $g, indexed like the slope pattern
 * (whose period P must then be the channel count, a multiple of 4).
 */
function lanes(name, { grad = false, slopes = false, sum = null, params = '', pre = '', body }) {
  const blocks = Array.from({ length: BLOCKS }, (_, b) => b);
  const step = 16 * BLOCKS;
  const floats = 4 * BLOCKS;
  const locals = blocks.map((b) => `(local $x${b} v128) (local $d${b} v128) (local $s${b} v128) (local $o${b} i32)`).join(' ');
  const dyParam = grad ? ' (param $dy i32)' : '';
  let extra = slopes ? ' (param $p i32) (param $k i32) (param $P i32)' : '';
  extra += params;
  if (sum === 'channels') extra += ' (param $g i32)';
  if (sum === 'shared') extra += ' (param $g i32)';
  const result = '';
  const partials = sum === 'shared' ? Array.from({ length: 2 * BLOCKS }, (_, j) => `$p${j}`) : [];
  const loads = blocks.map((b) => {
    let s = `(local.set $x${b} (v128.load offset=${16 * b} (local.get $x)))`;
    if (grad) s += `\n      (local.set $d${b} (v128.load offset=${16 * b} (local.get $dy)))`;
    if (slopes) {
      // k counts floats into the pattern and stays in [0, P); a block reads up to 3 floats past P (the caller repeats
      // the pattern's start there; with the accumulators, P = channels and k stays a multiple of 4).
      s += `\n      (local.set $o${b} (i32.shl (local.get $k) (i32.const 2)))
      (local.set $s${b} (v128.load (i32.add (local.get $p) (local.get $o${b}))))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (if (i32.ge_u (local.get $k) (local.get $P)) (then (local.set $k (i32.sub (local.get $k) (local.get $P)))))`;
    }
    return s;
  });
  const stores = blocks.map((b) => {
    const xb = `(local.get $x${b})`;
    const db = `(local.get $d${b})`;
    let s = `(v128.store offset=${16 * b} (local.get $y) ${body(xb, db, `(local.get $s${b})`)})`;
    if (sum) {
      const [lo, hi] = slopeTerms(xb, db);
      if (sum === 'shared') {
        // Partials 4b, 4b + 1 (low pair) and 4b + 2, 4b + 3 (high pair) of block b.
        [lo, hi].forEach((half, j) => {
          const acc = `$p${2 * b + j}`;
          s += `\n      (local.set ${acc} (f64x2.add (local.get ${acc}) ${half}))`;
        });
      } else {
        const at = `(i32.add (local.get $g) (i32.shl (local.get $o${b}) (i32.const 1)))`;
        s += `\n      (local.set $ga ${at})`;
        s += `\n      (v128.store (local.get $ga) (f64x2.add (v128.load (local.get $ga)) ${lo}))`;
        s += `\n      (v128.store offset=16 (local.get $ga) (f64x2.add (v128.load offset=16 (local.get $ga)) ${hi}))`;
      }
    }
    return s;
  });
  const advance = [
    `(local.set $x (i32.add (local.get $x) (i32.const ${step})))`,
    grad ? `(local.set $dy (i32.add (local.get $dy) (i32.const ${step})))` : '',
    `(local.set $y (i32.add (local.get $y) (i32.const ${step})))`,
  ];
  return `  (func (export "${name}") (param $x i32)${dyParam} (param $y i32) (param $n i32)${extra}${result}
    ${locals} (local $zero v128) (local $one v128) (local $a v128) (local $tm v128) (local $half v128) (local $inf v128)
    (local $end i32) (local $ga i32) (local $mm v128) ${partials.map((p) => `(local ${p} v128)`).join(' ')}
    (local.set $zero (v128.const i32x4 0 0 0 0))
    (local.set $one (v128.const f32x4 1.0 1.0 1.0 1.0))
    (local.set $half (v128.const f64x2 0.5 0.5))
    (local.set $inf (v128.const f64x2 inf inf))
    ${pre}
    ${partials.map((p, j) => `(local.set ${p} (v128.load offset=${16 * j} (local.get $g)))`).join('\n    ')}
    (local.set $end (i32.add (local.get $x)
      (i32.shl (i32.and (i32.add (local.get $n) (i32.const ${floats - 1})) (i32.const ${-floats})) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      ${loads.join('\n      ')}
      ${stores.join('\n      ')}
      ${advance.filter(Boolean).join('\n      ')}
      (br $next)))
    ${partials.map((p, j) => `(v128.store offset=${16 * j} (local.get $g) (local.get ${p}))`).join('\n    ')}
  )`;
}

const A = '(local.get $a)';
/** x > 0 ? v : w, lane-wise. */
const pos = (x, v, w) => `(v128.bitselect ${v} ${w} (f32x4.gt ${x} ${ZERO}))`;
/** NaN x → x, else v. */
const nanKeep = (x, v) => `(v128.bitselect ${x} ${v} (f32x4.ne ${x} ${x}))`;

/** @returns {string} the module's WebAssembly text */
export function rectifierWat() {
  const relu = (x) => `(f32x4.pmax ${x} ${ZERO})`;
  const L = ['(module', '  (import "env" "memory" (memory 1))'];
  L.push(lanes('relu', { body: relu }));
  L.push(
    lanes('reluCap', {
      params: ' (param $cap f32)',
      pre: '(local.set $a (f32x4.splat (local.get $cap)))',
      body: (x) => `(f32x4.pmin ${relu(x)} ${A})`,
    }),
  );
  L.push(
    lanes('reluGrad', {
      grad: true,
      params: ' (param $t f32)',
      pre: '(local.set $a (f32x4.splat (local.get $t)))',
      // f = 1.0 & (x > 0) & ~(x >= t), or x itself when x is NaN (both compares are false then).
      body: (x, d) => `(f32x4.add (f32x4.mul ${d} (v128.or
        (v128.and (v128.andnot (f32x4.gt ${x} ${ZERO}) (f32x4.ge ${x} ${A})) ${ONE})
        (v128.and (f32x4.ne ${x} ${x}) ${x}))) ${ZERO})`,
    }),
  );
  const s64 = { params: ' (param $s f64)', pre: '(local.set $a (f64x2.splat (local.get $s)))' };
  const s32 = { params: ' (param $s f32)', pre: '(local.set $a (f32x4.splat (local.get $s)))' };
  L.push(lanes('leaky', { ...s64, body: (x) => pos(x, x, mul64(A, x)) }));
  L.push(lanes('leakyGrad', { ...s64, grad: true, body: (x, d) => nanKeep(x, pos(x, d, mul64(A, d))) }));
  L.push(lanes('leaky32', { ...s32, body: (x) => pos(x, x, `(f32x4.mul ${A} ${x})`) }));
  L.push(lanes('leakyGrad32', { ...s32, grad: true, body: (x, d) => nanKeep(x, pos(x, d, `(f32x4.mul ${A} ${d})`)) }));
  L.push(lanes('prelu', { slopes: true, body: (x, _d, s) => pos(x, x, `(f32x4.mul ${s} ${x})`) }));
  const preluDx = (x, d, s) => nanKeep(x, pos(x, d, `(f32x4.mul ${s} ${d})`));
  L.push(lanes('preluGrad', { slopes: true, grad: true, body: preluDx }));
  L.push(lanes('preluGradSum', { slopes: true, grad: true, sum: 'channels', body: preluDx }));
  L.push(
    lanes('leakyGradSum32', {
      ...s32,
      grad: true,
      sum: 'shared',
      body: (x, d) => nanKeep(x, pos(x, d, `(f32x4.mul ${A} ${d})`)),
    }),
  );
  L.push(')');
  return L.join('\n');
}
