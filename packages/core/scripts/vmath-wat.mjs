/**
 * Generates the WebAssembly text of Rectify's SIMD element-wise math module (exp, expm1 and the activations built
 * on them).
 *
 * Every export takes byte offsets into the imported `env.memory` and an element count n, reads float32 inputs and writes float32
 * outputs, and processes n rounded up to a multiple of 4·BLOCKS floats: the caller keeps every region 16-byte aligned
 * and padded to a multiple of PAD_FLOATS (lanes past n are computed from whatever is there and never read back).
 * - `exp(x, y, n)`, `expm1(x, y, n)`: y = exp(x), expm1(x).
 * - `sigmoid(x, y, n)`: y = 1 / (1 + exp(−x)).
 * - `tanh(x, y, n)`: y = e / (e + 2) with e = expm1(2x).
 * - `elu(x, y, n, alpha)`: y = x > 0 ? x : alpha·expm1(x).
 * - `eluGrad(x, dy, dx, n, alpha)`: dx = x > 0 ? dy : alpha·exp(x)·dy.
 * - `sigmoidGrad(y, dy, dx, n)`, `tanhGrad(y, dy, dx, n)`: dx = y(1 − y)·dy and (1 − y²)·dy from the forward output.
 *
 * Arithmetic is float64 (two f64x2 halves per f32x4 block), rounded once to float32 on store, so results are the
 * correctly rounded float32 value except within ~1e−13 relative of a rounding boundary.
 *
 * exp/expm1 of w (clamped to [−150, 150], which saturates every float32 result and keeps 2^n a normal double):
 *   n = round(w / ln2) via the 1.5·2^52 shifter, r = w − n·ln2 (|r| ≤ 0.35; with |n| ≤ 217 the one-part ln2 costs
 *   < 3e−14 relative, far below float32, and two fewer operations per lane pair than Cody–Waite),
 *   q = expm1(r) = r + r²·Q(r) with Q a degree-7 Chebyshev fit (relative error < 2e−13, Estrin's scheme),
 *   s = 2^n built from the shifter's low bits, exp = s·q + s, expm1 = s·q − (1 − s).
 * `s·q − (1 − s)` is exact in its subtraction when n = 0 (s = 1), so expm1 keeps full relative precision near 0.
 * −0 survives: r + r²·Q is +0 for r = −0, so q takes r's sign bit (q has r's sign anyway), and −0 − +0 = −0.
 * NaN stays NaN (it falls through the pmin/pmax clamps).
 */

/**
 * Coefficients of Q(r) ≈ (expm1(r) − r) / r² on [−0.35, 0.35], ascending (mpmath.chebyfit, 8 terms), so that
 * expm1(r) = r + r²·Q(r) with relative error < 2e−13. Adding r last keeps tiny r exact, which keeps α·expm1(x)
 * correctly rounded where it sits on a float32 midpoint (e.g. α = 1.5, x = −1e−16).
 */
export const EXPM1_COEFFS = [
  0.4999999999995143, 0.16666666666662253, 0.041666666793542445, 0.008333333344864254, 0.001388883711096176,
  0.00019841222782522139, 2.4869188954759244e-5, 2.7618763206396978e-6,
];

const LOG2E = Math.LOG2E;
const SHIFT = 6755399441055744; // 1.5 · 2^52
const CLAMP = 150;

/**
 * V8 rematerialises a v128.const inside a loop on every use (several instructions each), so every constant lives in
 * a local set once before the loop. `f64(v)` registers `v` in the pool of the function being generated.
 */
let pool = new Map();
const f64 = (v) => {
  const key = fmt(v);
  if (!pool.has(key)) pool.set(key, `$k${pool.size}`);
  return `(local.get ${pool.get(key)})`;
};
function fmt(v) {
  // wat accepts hexadecimal floats exactly; a decimal string from JS round-trips too.
  return Object.is(v, -0) ? '-0.0' : Number.isInteger(v) ? `${v}.0` : String(v);
}

/**
 * Emits code computing s = 2^n and q = expm1(r) for the clamped argument in local `$w` (suffix distinguishes the
 * two halves of a block). Leaves them in `$s{sfx}` and `$q{sfx}`. `keepSign` makes q = −0 for w = −0 (needed by the
 * odd functions built on expm1 only).
 */
function expCore(sfx, keepSign) {
  const w = `(local.get $w${sfx})`;
  // Estrin's scheme: the Horner chain's nine dependent multiply-adds made the loop latency-bound.
  const c = EXPM1_COEFFS.map(f64);
  const r = `(local.get $r${sfx})`;
  const r2 = `(local.get $n${sfx})`; // n is dead once r is known
  const r4 = `(local.get $t${sfx})`; // so is t once s is known
  const mad = (a, x, b) => `(f64x2.add (f64x2.mul ${a} ${x}) ${b})`;
  const poly = mad(mad(mad(c[7], r, c[6]), r2, mad(c[5], r, c[4])), r4, mad(mad(c[3], r, c[2]), r2, mad(c[1], r, c[0])));

  const q = `(f64x2.add ${r} (f64x2.mul ${r2} ${poly}))`;
  return `
      (local.set $t${sfx} (f64x2.add (f64x2.mul ${w} ${f64(LOG2E)}) ${f64(SHIFT)}))
      (local.set $n${sfx} (f64x2.sub (local.get $t${sfx}) ${f64(SHIFT)}))
      (local.set $r${sfx} (f64x2.sub ${w} (f64x2.mul (local.get $n${sfx}) ${f64(Math.LN2)})))
      (local.set $s${sfx} (i64x2.add (i64x2.shl (local.get $t${sfx}) (i32.const 52))
        (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000)))
      (local.set $n${sfx} (f64x2.mul ${r} ${r}))
      (local.set $t${sfx} (f64x2.mul ${r2} ${r2}))
      (local.set $q${sfx} ${keepSign ? `(v128.or ${q} (v128.and ${r} ${f64(-0)}))` : q})`;
}

// pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a (one instruction each, unlike min/max): with the input
// as `a`, NaN falls through both and −0 stays −0.
const clamp = (expr) => `(f64x2.pmax (f64x2.pmin ${expr} ${f64(CLAMP)}) ${f64(-CLAMP)})`;
const expOf = (sfx) => `(f64x2.add (f64x2.mul (local.get $s${sfx}) (local.get $q${sfx})) (local.get $s${sfx}))`;
const expm1Of = (sfx) =>
  `(f64x2.sub (f64x2.mul (local.get $s${sfx}) (local.get $q${sfx})) (f64x2.sub ${f64(1)} (local.get $s${sfx})))`;

/**
 * Floats per loop iteration: BLOCKS f32x4 blocks, i.e. 2·BLOCKS independent f64x2 halves. Two blocks measured ~15%
 * faster than one (more independent work per iteration); callers pad regions to a multiple of {@link PAD_FLOATS}.
 */
export const BLOCKS = 2;
/** Region padding the JavaScript side must provide, in floats (a multiple of 4·BLOCKS). */
export const PAD_FLOATS = 16;

/**
 * One exported loop over BLOCKS·4 floats per iteration. `body(sfx)` emits the code for one f64x2 half whose promoted
 * input is `(local.get $v{sfx})` (and, with `extraIn`, the second input's `(local.get $d{sfx})`) and leaves the
 * result in `$w{sfx}`. `params` are extra params, `pre` runs once before the loop.
 */
function elementwise(name, { params = '', extraIn = null, body, pre = '' }) {
  pool = new Map();
  const sfxs = Array.from({ length: 2 * BLOCKS }, (_, i) => String(i));
  const bodies = sfxs.map((k) => body(k)).join('\n      ');
  const consts = [...pool].map(([, local]) => `(local ${local} v128)`).join(' ');
  const setConsts = [...pool].map(([v, local]) => `(local.set ${local} (v128.const f64x2 ${v} ${v}))`).join('\n    ');
  const halfLocals = ['w', 't', 'n', 'r', 's', 'q', 'v', 'd'].flatMap((k) => sfxs.map((j) => `(local $${k}${j} v128)`)).join(' ');
  const inPtrs = extraIn ? ` (param ${extraIn} i32)` : '';
  // Loads block b from `ptr` and promotes its low and high pairs into `$<target><2b>` and `$<target><2b+1>`.
  const load = (ptr, target, b) =>
    `(local.set $blk (v128.load offset=${16 * b} (local.get ${ptr})))
      (local.set $${target}${2 * b} (f64x2.promote_low_f32x4 (local.get $blk)))
      (local.set $${target}${2 * b + 1} (f64x2.promote_low_f32x4
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $blk) (local.get $blk))))`;
  const store = (b) =>
    `(v128.store offset=${16 * b} (local.get $y) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f32x4.demote_f64x2_zero (local.get $w${2 * b})) (f32x4.demote_f64x2_zero (local.get $w${2 * b + 1}))))`;
  const blocks = Array.from({ length: BLOCKS }, (_, b) => b);
  const step = 16 * BLOCKS;
  const floats = 4 * BLOCKS;
  return `  (func (export "${name}") (param $x i32)${inPtrs} (param $y i32) (param $n i32)${params}
    ${halfLocals} ${consts} (local $blk v128) (local $a v128) (local $end i32)
    ${setConsts}
    ${pre}
    (local.set $end (i32.add (local.get $x)
      (i32.shl (i32.and (i32.add (local.get $n) (i32.const ${floats - 1})) (i32.const ${-floats})) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      ${blocks.map((b) => load('$x', 'v', b)).join('\n      ')}
      ${extraIn ? blocks.map((b) => load(extraIn, 'd', b)).join('\n      ') : ''}
      ${bodies}
      ${blocks.map(store).join('\n      ')}
      (local.set $x (i32.add (local.get $x) (i32.const ${step})))
      ${extraIn ? `(local.set ${extraIn} (i32.add (local.get ${extraIn}) (i32.const ${step})))` : ''}
      (local.set $y (i32.add (local.get $y) (i32.const ${step})))
      (br $next)))
  )`;
}

// Each body leaves its result in $w{sfx} (reused once the exp core has consumed it).
const v = (sfx) => `(local.get $v${sfx})`;

/** @returns {string} the module's WebAssembly text */
export function vmathWat() {
  const L = ['(module', '  (import "env" "memory" (memory 1))'];
  L.push(
    elementwise('exp', {
      body: (k) => `(local.set $w${k} ${clamp(v(k))})${expCore(k, false)}
      (local.set $w${k} ${expOf(k)})`,
    }),
  );
  L.push(
    elementwise('expm1', {
      body: (k) => `(local.set $w${k} ${clamp(v(k))})${expCore(k, true)}
      (local.set $w${k} ${expm1Of(k)})`,
    }),
  );
  L.push(
    elementwise('sigmoid', {
      body: (k) => `(local.set $w${k} ${clamp(`(f64x2.neg ${v(k)})`)})${expCore(k, false)}
      (local.set $w${k} (f64x2.div ${f64(1)} (f64x2.add ${f64(1)} ${expOf(k)})))`,
    }),
  );
  L.push(
    elementwise('tanh', {
      // expm1(2x) / (expm1(2x) + 2): no cancellation near 0, ±1 exactly once |x| saturates, −0 kept.
      body: (k) => `(local.set $w${k} ${clamp(`(f64x2.add ${v(k)} ${v(k)})`)})${expCore(k, true)}
      (local.set $w${k} ${expm1Of(k)})
      (local.set $w${k} (f64x2.div (local.get $w${k}) (f64x2.add (local.get $w${k}) ${f64(2)})))`,
    }),
  );
  // ELU: y = alpha·expm1(min(x, 0)) + max(x, −0). For x > 0 the first term is +0; for x ≤ 0 the second is −0, which
  // keeps ELU(−0) = −0. Branch-free.
  L.push(
    elementwise('elu', {
      params: ' (param $alpha f64)',
      pre: '(local.set $a (f64x2.splat (local.get $alpha)))',
      body: (k) => `(local.set $w${k} (f64x2.pmax (f64x2.pmin ${v(k)} ${f64(0)}) ${f64(-CLAMP)}))${expCore(k, true)}
      (local.set $w${k} (f64x2.add (f64x2.mul (local.get $a) ${expm1Of(k)}) (f64x2.pmax ${v(k)} ${f64(-0)})))`,
    }),
  );
  // dELU: dx = x > 0 ? dy : alpha·exp(x)·dy (NaN x takes the second branch and gives NaN).
  L.push(
    elementwise('eluGrad', {
      params: ' (param $alpha f64)',
      extraIn: '$dy',
      pre: '(local.set $a (f64x2.splat (local.get $alpha)))',
      body: (k) => `(local.set $w${k} (f64x2.pmax (f64x2.pmin ${v(k)} ${f64(0)}) ${f64(-CLAMP)}))${expCore(k, false)}
      (local.set $w${k} (v128.bitselect (local.get $d${k})
        (f64x2.mul (f64x2.mul (local.get $a) ${expOf(k)}) (local.get $d${k}))
        (f64x2.gt ${v(k)} ${f64(0)})))`,
    }),
  );
  // Gradients from the output, as the JavaScript loops compute them (float64, one rounding): σ' = y(1 − y),
  // tanh' = 1 − y². The first input is y.
  L.push(
    elementwise('sigmoidGrad', {
      extraIn: '$dy',
      body: (k) => `(local.set $w${k} (f64x2.mul (f64x2.mul ${v(k)} (f64x2.sub ${f64(1)} ${v(k)})) (local.get $d${k})))`,
    }),
  );
  L.push(
    elementwise('tanhGrad', {
      extraIn: '$dy',
      body: (k) => `(local.set $w${k} (f64x2.mul (f64x2.sub ${f64(1)} (f64x2.mul ${v(k)} ${v(k)})) (local.get $d${k})))`,
    }),
  );
  L.push(')');
  return L.join('\n');
}
