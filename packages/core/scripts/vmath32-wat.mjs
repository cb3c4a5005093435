/**
 * Generates the WebAssembly text of Rectify's float32 SIMD element-wise math module ("vmath32"): exp, expm1 and the
 * activations built on them, computed in f32x4 arithmetic (4 lanes per instruction, twice the float64 module's
 * width and none of its promote/demote shuffles). Not correctly rounded: like PyTorch's CPU kernels (SLEEF's
 * vectorised float32 functions) it trades the last ulp for speed; the measured bounds are in vmath32.ts.
 *
 * Every export takes byte offsets into the imported `env.memory` and an element count n, reads float32 inputs and
 * writes float32 outputs, and processes n rounded up to a multiple of 4 floats: the caller keeps every region padded
 * to a multiple of PAD_FLOATS, or passes a multiple of 4 (lanes past n are computed from whatever is there).
 * - `exp(x, y, n)`, `expm1(x, y, n)`
 * - `sigmoid(x, y, n)`: e = exp(−|x|), y = (x ≥ 0 ? 1 : e) / (1 + e) (nothing overflows, one division).
 * - `tanh(x, y, n)`: t = expm1(−2|x|), y = copysign(t / (t + 2), x) (relative precision near 0, ±1 at saturation).
 * - `elu(x, y, n, alpha)`: y = max(x, 0) + alpha·expm1(min(x, 0)), which is x > 0 ? x : alpha·expm1(x).
 * - `eluGrad(x, dy, dx, n, alpha)`: dx = x > 0 ? dy : alpha·exp(x)·dy; `eluGradUnit(x, dy, dx, n)` the same for
 *   alpha = 1, where dx = exp(min(x, 0))·dy needs no select.
 * - `mul(a, b, y, n)`, `div(a, b, y, n)`: y = a·b and a / b, IEEE float32 (correctly rounded), for plugin authors.
 * - `erf(x, y, n)`: x + x·P(x²) below 0.921875, ±(1 − exp(L(|x|))) above (see `erfBody`).
 * - `swish(x, y, n, beta)`: y = x·σ(βx); `swishGrad(x, dy, dx, n, beta)` → f64: dx = Swish′·dy, returning the β
 *   gradient Σ x·(x·σ(1 − σ)·dy) (see `swishGrad`); `swishGradExactProduct` the same for β a power of two.
 *
 * exp/expm1 of w (clamped so that every float32 result saturates past the clamp):
 *   n = round(w·log2e) via the 1.5·2^23 shifter, whose low bits are n as an integer (plus a bias B when the shifter
 *   is 1.5·2^23 + B, so that shifting them left by 23 gives 2^(n + B − 127) in one operation);
 *   r = (w − n·C1) − n·C2 with ln2 = C1 + C2 split Cody–Waite style (C1 has 9 significant bits, so n·C1 is exact
 *   for |n| < 2^15 and the first subtraction is exact), |r| ≤ 0.347;
 *   expm1(r) = r + r²·Q(r) with Q a degree-5 fit (|error| < 1.5e−9 on Q ≈ 0.5, far below float32) for exp, ELU and
 *   its gradient, whose 1-ulp bounds need it, and a degree-4 fit for expm1, sigmoid and tanh (bounds 1.5 and 3 ulp).
 * The exp and expm1 exports cover both signs: 2^n is built in two factors 2^(n>>1)·2^(n−(n>>1)), so that only the
 * last multiplication rounds (overflow gives +∞, the subnormal range is rounded correctly from a normal intermediate):
 *   exp = (p with n − n' added to its exponent bits)·s', p = 1 + (r + r²Q) ∈ [0.7, 1.42] (|n − n'| ≤ 80, so the
 *     integer add is exact, as a product by 2^(n−n') would be)
 *   expm1 = ((s − 2^−n') + s·r + s·r²·Q)·s'   (s = 2^(n−n'), s' = 2^n', n' = n >> 1)
 * In expm1, s − 2^−n' and s·r are exact, and for n = 0 the sum is r + r²·Q, so tiny |x| keep full relative
 * precision. The activations only need w ≤ 0 and take shorter forms with the same values:
 *   expm1 of w ∈ [−20, 0]: s·(r + r²Q) + (s − 1) with s = 2^n normal (bias 127);
 *   exp of w ∈ [−110, 0]: (p·2^(n+64))·2^−64 (bias 191): the first product is exact, the second rounds once, also
 *   into the subnormal range, exactly as the two-factor form does.
 * Constants are module globals read into locals before each loop (see `konst`), which keeps V8 from rebuilding
 * them inside the loop.
 * NaN falls through the pmin/pmax clamps and propagates.
 */

/** Q(r) ≈ (expm1(r) − r) / r² on [−0.348, 0.348], ascending (mpmath.chebyfit, 6 terms, rounded to float32). */
export const Q_COEFFS = [
  0.5, 0.1666666716337204, 0.041666463017463684, 0.00833331048488617, 0.0013933900045230985, 0.0001989126903936267,
];

/**
 * A degree-4 Q (5 terms, |error| < 6.7e−8 on Q, so < 8.1e−9 on expm1(r)) for the activations whose bounds leave
 * room for it (mpmath.chebyfit on the same interval, rounded to float32): two operations fewer per block.
 */
export const Q4_COEFFS = [0.5, 0.16666575539134237, 0.04166655280513722, 0.008363419619871205, 0.001392648409529698].map(
  Math.fround,
);

/** The Q coefficients of the function being generated. */
let qCoeffs = Q_COEFFS;

const LOG2E = Math.fround(Math.LOG2E);
const SHIFT = 12582912; // 1.5 · 2^23
const SHIFT_BITS = 0x4b400000;
const ONE_BITS = 0x3f800000;
/** ln2 = C1 + C2: C1 = 355/512 exactly, C2 the float32 nearest ln2 − C1. */
const C1 = 0.693359375;
const C2 = Math.fround(Math.LN2 - C1);
/** exp clamp: exp(−110) rounds to 0 and exp(100) overflows, while |n| ≤ 160 keeps both factors of 2^n normal. */
const EXP_LO = -110;
const EXP_HI = 100;
/** expm1(x) rounds to −1 in float32 for x < −17.4, and n ≥ −29 keeps 2^n normal without a second factor. */
const EXPM1_LO = -20;

/**
 * Constants: V8 folds a `v128.const` (and a local set from one) into every use and rebuilds it in the loop with three
 * instructions each time, so every constant is a mutable module global, which V8 cannot fold, read into a local
 * once before the loop (the register allocator then keeps it in a register or reloads it with one instruction).
 * `f32(v)` and `i32(v)` register a splatted constant for the function being generated; zero stays a literal (V8
 * builds it with one xor).
 */
let pool = new Map();
/** Globals of the whole module, by constant key. */
let globals = new Map();
const konst = (type, v) => {
  const key = `${type} ${v}`;
  if (!globals.has(key)) globals.set(key, `$g${globals.size}`);
  if (!pool.has(key)) pool.set(key, `$k${pool.size}`);
  return `(local.get ${pool.get(key)})`;
};
const f32 = (v) => konst('f32x4', fmt(v));
const i32 = (v) => konst('i32x4', String(v | 0));
const ZERO = '(v128.const i32x4 0 0 0 0)';
function fmt(v) {
  return Object.is(v, -0) ? '-0.0' : Number.isInteger(v) ? `${v}.0` : String(v);
}

const add = (a, b) => `(f32x4.add ${a} ${b})`;
const sub = (a, b) => `(f32x4.sub ${a} ${b})`;
const mul = (a, b) => `(f32x4.mul ${a} ${b})`;
/** a·x + b, with a in the second operand: V8 can read a spilled constant there straight from its stack slot. */
const mad = (a, x, b) => add(mul(x, a), b);
const get = (name) => `(local.get $${name})`;
/** 2^e as float32 bits for an i32x4 exponent e (normal range only). */
const pow2 = (e) => `(i32x4.add (i32x4.shl ${e} (i32.const 23)) ${i32(ONE_BITS)})`;

/**
 * Emits the argument reduction of the clamped input in `$w{k}`: leaves the integer n in `$n{k}`, r in `$r{k}` and
 * r²·Q(r) in `$q{k}`.
 */
function reduce(k, wholeN = true, shift = SHIFT) {
  const w = get(`w${k}`);
  const r = get(`r${k}`);
  const r2 = get(`t${k}`);
  const c = qCoeffs.map(f32);
  // Estrin's scheme: shorter dependency chain than Horner, same operation count.
  const poly =
    c.length === 6
      ? mad(mad(mad(c[5], r, c[4]), r2, mad(c[3], r, c[2])), r2, mad(c[1], r, c[0]))
      : mad(mad(c[4], r2, mad(c[3], r, c[2])), r2, mad(c[1], r, c[0]));
  return `
      (local.set $t${k} (f32x4.add (f32x4.mul ${w} ${f32(LOG2E)}) ${f32(shift)}))
      (local.set $n${k} ${wholeN ? `(i32x4.sub (local.get $t${k}) ${i32(SHIFT_BITS)})` : `(local.get $t${k})`})
      (local.set $t${k} (f32x4.sub (local.get $t${k}) ${f32(shift)}))
      (local.set $r${k} ${sub(sub(w, mul(get(`t${k}`), f32(C1))), mul(get(`t${k}`), f32(C2)))})
      (local.set $t${k} ${mul(r, r)})
      (local.set $q${k} ${mul(r2, poly)})`;
}

/** exp of `$w{k}` (clamped to [EXP_LO, EXP_HI]) into `$y{k}`, with the two-factor scale. */
function expTwoStep(k) {
  const n = get(`n${k}`);
  return `${reduce(k)}
      (local.set $h${k} (i32x4.shr_s ${n} (i32.const 1)))
      (local.set $s${k} ${add(f32(1), add(get(`r${k}`), get(`q${k}`)))})
      (local.set $y${k} ${mul(
        `(i32x4.add ${get(`s${k}`)} (i32x4.shl (i32x4.sub ${n} ${get(`h${k}`)}) (i32.const 23)))`,
        pow2(get(`h${k}`)),
      )})`;
}

/**
 * expm1 of `$w{k}` (any clamped value) into `$y{k}`, with the two-factor scale. For n > 0 the sum is split as
 * (s − 2^−n') + s·r + s·r²Q (s·r exact, the first sum exact for n = 1); for n ≤ 0 as (s − 2^−n') + s·(r + r²Q), which
 * rounds r + r²Q at the scale of the small term: each form measured best on its side.
 */
function expm1TwoStep(k) {
  const n = get(`n${k}`);
  const h = get(`h${k}`);
  const s = get(`s${k}`);
  // 2^−n' = bits (127 − n') << 23
  const inv = `(i32x4.sub ${i32(ONE_BITS)} (i32x4.shl ${h} (i32.const 23)))`;
  return `${reduce(k)}
      (local.set $h${k} (i32x4.shr_s ${n} (i32.const 1)))
      (local.set $s${k} ${pow2(`(i32x4.sub ${n} ${h})`)})
      (local.set $e${k} (i32x4.gt_s ${n} ${i32(0)}))
      (local.set $y${k} ${mul(
        add(
          add(sub(s, inv), mul(s, `(v128.bitselect ${get(`r${k}`)} ${add(get(`r${k}`), get(`q${k}`))} ${get(`e${k}`)})`)),
          mul(s, `(v128.and ${get(`q${k}`)} ${get(`e${k}`)})`),
        ),
        pow2(h),
      )})`;
}

/**
 * expm1 of `$w{k}` clamped to [EXPM1_LO, 0] into `$y{k}`. The shifter carries the exponent bias, so the low bits of
 * t are n + 127 and shift straight into 2^n (normal for n ≥ −29): one shift instead of a shift and an add.
 */
function expm1Neg(k) {
  const s = get(`s${k}`);
  // t's float bits are SHIFT_BITS + n + 127, and SHIFT_BITS << 23 wraps to 0.
  return `${reduce(k, false, SHIFT + 127)}
      (local.set $s${k} (i32x4.shl ${get(`n${k}`)} (i32.const 23)))
      (local.set $y${k} ${mad(s, add(get(`r${k}`), get(`q${k}`)), sub(s, f32(1)))})`;
}

/** 2^−64: the second factor of exp below zero. */
const TWO_M64 = 2 ** -64;

/**
 * exp of `$w{k}` clamped to [EXP_LO, 0] into `$y{k}`: (p·2^(n+64))·2^−64 with p = 1 + (r + r²Q). The first product is
 * exact (2^(n+64) is normal for n ≥ −159, and the shifter carries the bias 127 + 64), the second rounds once, also
 * into the subnormal range: the same value as the two-factor scale in fewer operations.
 */
function expNeg(k) {
  return `${reduce(k, false, SHIFT + 191)}
      (local.set $s${k} (i32x4.shl ${get(`n${k}`)} (i32.const 23)))
      (local.set $y${k} ${mul(mul(add(add(get(`r${k}`), get(`q${k}`)), f32(1)), get(`s${k}`)), f32(TWO_M64))})`;
}

// pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a: with the input as `a`, NaN falls through both.
const clamp = (expr, lo, hi) => `(f32x4.pmax (f32x4.pmin ${expr} ${f32(hi)}) ${f32(lo)})`;
const SIGN = -0x80000000;
const ABS = 0x7fffffff;
const signOf = (x) => `(v128.and ${x} ${i32(SIGN)})`;
const absOf = (x) => `(v128.and ${x} ${i32(ABS)})`;

/**
 * Floats per loop iteration: BLOCKS f32x4 blocks, computed interleaved for instruction-level parallelism (4 measured
 * ~30 % faster than 2 and ~45 % faster than 1); callers
 * pad regions to a multiple of {@link PAD_FLOATS}.
 */
/** Main-loop iterations between the float64 flushes of a summing export's float32 lane sums (see `elementwise`). */
const FLUSH_EVERY = 16;

/** Default f32x4 blocks per main-loop iteration (see `elementwise`). */
export const BLOCKS = 4;
/** Region padding the JavaScript side must provide, in floats: every export processes n rounded up to 4 floats. */
export const PAD_FLOATS = 16;

/**
 * One exported function over n floats: a main loop of `blocks` f32x4 blocks per iteration, computed interleaved for
 * instruction-level parallelism, then a loop of single blocks for the rest, so that exactly n rounded up to a
 * multiple of 4 floats are read and written. `body(k)` emits the code for block k whose input is `(local.get $v{k})`
 * (and, with `extraIn`, the second input's `(local.get $d{k})`) and leaves the result in `$y{k}`.
 */
function elementwise(
  name,
  { params = '', extraIn = null, body, rare = null, pre = '', q = Q_COEFFS, blocks = BLOCKS, sum = false, extraLocals = '' },
) {
  pool = new Map();
  qCoeffs = q;
  const ks = Array.from({ length: blocks }, (_, i) => String(i));
  // With `rare`, the lanes of an iteration are tested once with one branch, and `rare.fix(k)` runs only when some lane
  // needs it (`rare.mask(k)`), between `body(k)` and `rare.finish(k)`.
  const guarded = (group) =>
    rare
      ? `${group.map((k) => body(k)).join('\n      ')}
      (if (v128.any_true ${group.map((k) => rare.mask(k)).reduce((a, b) => `(v128.or ${a} ${b})`)})
        (then ${group.map((k) => rare.fix(k)).join('\n      ')}))
      ${group.map((k) => rare.finish(k)).join('\n      ')}`
      : group.map((k) => body(k)).join('\n      ');
  const bodies = guarded(ks);
  const tailBody = guarded(['0']);
  const consts = [...pool].map(([, local]) => `(local ${local} v128)`).join(' ');
  const setConsts = [...pool].map(([key, local]) => `(local.set ${local} (global.get ${globals.get(key)}))`).join('\n    ');
  const locals = ['v', 'd', 'w', 't', 'n', 'r', 'q', 'h', 's', 'y', 'e', ...(wideLocals ? ['z', 'f', 'g'] : [])]
    .flatMap((n) => ks.map((k) => `(local $${n}${k} v128)`))
    .join(' ');
  const inPtr = extraIn ? ` (param ${extraIn} i32)` : '';
  const load = (k) => [
    `(local.set $v${k} (v128.load offset=${16 * k} (local.get $x)))`,
    ...(extraIn ? [`(local.set $d${k} (v128.load offset=${16 * k} (local.get ${extraIn})))`] : []),
  ];
  const store = (k) => `(v128.store offset=${16 * k} (local.get $y) (local.get $y${k}))`;
  const advance = (bytes) =>
    [
      `(local.set $x (i32.add (local.get $x) (i32.const ${bytes})))`,
      extraIn ? `(local.set ${extraIn} (i32.add (local.get ${extraIn}) (i32.const ${bytes})))` : '',
      `(local.set $y (i32.add (local.get $y) (i32.const ${bytes})))`,
    ].join('\n      ');
  const step = 16 * blocks;
  // With `sum`, the body also leaves a term in `$g{k}`: the terms are summed per lane in float32 over FLUSH_EVERY
  // iterations, then added to a float64 total (a float32 sum of the whole array would lose digits as it grows, and
  // promoting every block to f64x2 measured ~3× slower in V8). The main loop then stops at the exact end, and the
  // last block's lanes past n are masked out of the sum.
  const flush = `(local.set $total (f64.add (local.get $total) (f64.add
        (f64.add (f64.promote_f32 (f32x4.extract_lane 0 (local.get $acc))) (f64.promote_f32 (f32x4.extract_lane 1 (local.get $acc))))
        (f64.add (f64.promote_f32 (f32x4.extract_lane 2 (local.get $acc))) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $acc)))))))
      (local.set $acc ${ZERO})`;
  const accumulate = (terms) => `(local.set $acc (f32x4.add (local.get $acc) ${terms.reduce((a, b) => add(a, b))}))`;
  const lanesLeft =
    '(i32x4.lt_s (v128.const i32x4 0 1 2 3) (i32x4.splat (i32.shr_s (i32.sub (local.get $exact) (local.get $x)) (i32.const 2))))';
  const exactEnd = '(i32.add (local.get $x) (i32.shl (local.get $len) (i32.const 2)))';
  const countdown = `(local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (if (i32.eqz (local.get $count)) (then ${flush}
        (local.set $count (i32.const ${FLUSH_EVERY}))))`;
  const mainSum = sum ? `${accumulate(ks.map((k) => get(`g${k}`)))}\n      ${countdown}` : '';
  const restSum = sum ? accumulate([`(v128.and ${get('g0')} ${lanesLeft})`]) : '';
  return `  (func (export "${name}") (param $x i32)${inPtr} (param $y i32) (param $len i32)${params}${sum ? ' (result f64)' : ''}
    ${locals} ${consts} (local $a v128) (local $m v128) ${extraLocals} (local $end i32)${sum ? ' (local $exact i32) (local $acc v128) (local $total f64) (local $count i32)' : ''}
    ${setConsts}
    ${pre}
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (i32.add (local.get $len) (i32.const 3)) (i32.const -4)) (i32.const 2))))
    ${sum ? `(local.set $exact ${exactEnd}) (local.set $count (i32.const ${FLUSH_EVERY}))` : ''}
    (block $main (loop $next
      (br_if $main (i32.gt_u (i32.add (local.get $x) (i32.const ${step})) (local.get ${sum ? '$exact' : '$end'})))
      ${ks.flatMap(load).join('\n      ')}
      ${bodies}
      ${mainSum}
      ${ks.map(store).join('\n      ')}
      ${advance(step)}
      (br $next)))
    (block $done (loop $rest
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      ${load('0').join('\n      ')}
      ${tailBody}
      ${restSum}
      ${store('0')}
      ${advance(16)}
      (br $rest)))
    ${sum ? `${flush}\n    (local.get $total)` : ''}
  )`;
}

/** `$a` = β splatted, `$m` = all ones when β ≠ 0: z = β·x is then taken as 0 for β = 0 (0·∞ would be NaN). */
const SWISH_PRE = `(local.set $a (f32x4.splat (local.get $beta)))
    (local.set $m (f32x4.ne (local.get $a) ${ZERO}))`;

/** z = β·x (0 when β = 0) into `$z{k}` and e = exp(−|z|) into `$y{k}`. */
function swishGate(k) {
  return `(local.set $z${k} (v128.and ${mul(v(k), get('a'))} (local.get $m)))
      (local.set $w${k} (f32x4.pmax (v128.or ${get(`z${k}`)} ${i32(SIGN)}) ${f32(EXP_LO)}))${expNeg(k)}`;
}

/** Clears the low 12 significand bits: a float32 split into two halves of ≤ 12 bits, whose products are exact. */
const SPLIT_MASK = -4096;

/**
 * The zero of Swish′ in z = βx: 1 + z + e^z = 0 at z0 = −1 − W(1/e), split as Z0_HI + Z0_LO; E = e^z0 = −1 − z0.
 * Near it, 1 + z + e^z = τ·(1 + E·expm1(τ)/τ) with τ = z − z0, which keeps full relative precision where the plain
 * sum cancels; ROOT_POLY is 1 + E·expm1(τ)/τ ascending in τ (Taylor, |τ| ≤ 1/8: truncation < 1e−8 relative).
 * Outside that window |1 + z + e^z| ≥ 0.16 and the plain sum loses at most a few ulp.
 */
const Z0_HI = Math.fround(-1.278464542761074);
const Z0_LO = Math.fround(-1.278464542761074 - Z0_HI);
const E_ROOT = 0.278464542761074;
const ROOT_POLY = [1 + E_ROOT, E_ROOT / 2, E_ROOT / 6, E_ROOT / 24, E_ROOT / 120].map(Math.fround);
const ROOT_WINDOW = 0.125;

/** Horner's scheme of ascending float32 coefficients `c` at `x`. */
function horner(c, x) {
  let acc = f32(c[c.length - 1]);
  for (let i = c.length - 2; i >= 0; i--) acc = mad(acc, x, f32(c[i]));
  return acc;
}

/**
 * Swish backward with the β partial: e = exp(−|z|), r = 1/(1 + e), σ(z) = (z ≥ 0 ? r : e·r), σ(1 − σ) = e·r² = t.
 * Swish′ = σ + z·t for z ≥ 0 (no cancellation); for z < 0 it is t·(1 + z + e), and 1 + z + e takes the root form
 * near z0 with τ = (z_hi − Z0_HI) + (z_lo − Z0_LO), z_lo the rounding error of β·x (Dekker's product on split halves),
 * so the derivative keeps its relative precision through its zero. Where t is 0 (|z| past exp's range, x = ±∞),
 * Swish′ = σ and the β term is 0, the limits, instead of ∞·0. dx = Swish′·dy; the summed term is x·(x·t·dy).
 * The root form runs only for iterations with a lane in its window (`rare`): few lanes are, and skipping it saves
 * about a sixth of the pass.
 */
function swishGrad(exactProduct = false) {
  const z = (k) => get(`z${k}`);
  const t = (k) => get(`t${k}`);
  const g = (k) => get(`g${k}`);
  const inWindow = (k) => `(f32x4.lt ${absOf(sub(z(k), f32(Z0_HI)))} ${f32(ROOT_WINDOW)})`;
  const xh = (k) => `(v128.and ${v(k)} ${i32(SPLIT_MASK)})`;
  const xl = (k) => `(f32x4.sub ${v(k)} ${get(`h${k}`)})`;
  const zl = (k) =>
    add(
      add(add(sub(mul(get('bh'), get(`h${k}`)), get(`f${k}`)), mul(get('bh'), xl(k))), mul(get('bl'), get(`h${k}`))),
      mul(get('bl'), xl(k)),
    );
  const tau = (k) =>
    exactProduct ? sub(sub(z(k), f32(Z0_HI)), f32(Z0_LO)) : add(sub(get(`f${k}`), f32(Z0_HI)), sub(zl(k), f32(Z0_LO)));
  return {
    body: (k) => `${swishGate(k)}
      (local.set $r${k} (f32x4.div ${f32(1)} ${add(y(k), f32(1))}))
      (local.set $s${k} ${mul(y(k), get(`r${k}`))})
      (local.set $t${k} ${mul(get(`s${k}`), get(`r${k}`))})
      (local.set $q${k} (f32x4.ge ${z(k)} ${ZERO}))
      (local.set $s${k} (v128.bitselect ${get(`r${k}`)} ${get(`s${k}`)} ${get(`q${k}`)}))
      (local.set $g${k} ${add(add(f32(1), z(k)), y(k))})`,
    rare: {
      mask: inWindow,
      fix: (k) => `${
        exactProduct
          ? ''
          : `(local.set $h${k} ${xh(k)})
      (local.set $f${k} ${mul(v(k), get('a'))})
      `
      }(local.set $w${k} ${tau(k)})
      (local.set $g${k} (v128.bitselect ${mul(get(`w${k}`), horner(ROOT_POLY, get(`w${k}`)))} ${g(k)} ${inWindow(k)}))`,
      finish: (k) => `(local.set $g${k} (v128.bitselect ${add(get(`s${k}`), mul(z(k), t(k)))} ${mul(t(k), g(k))} ${get(`q${k}`)}))
      (local.set $q${k} (f32x4.ne ${t(k)} ${ZERO}))
      (local.set $y${k} ${mul(`(v128.bitselect ${g(k)} ${get(`s${k}`)} ${get(`q${k}`)})`, d(k))})
      (local.set $g${k} (v128.and ${mul(v(k), mul(mul(v(k), t(k)), d(k)))} ${get(`q${k}`)}))`,
    },
  };
}

/** erf(x) = x + x·P(x²) for |x| < ERF_SPLIT (P ≈ (erf(x) − x)/x, least squares relative to erf, float32 coefficients). */
export const ERF_SMALL = [
  0.12837916612625122, -0.3761252462863922, 0.1128203496336937, -0.02677285112440586, 0.0050007677637040615,
  -0.0006024051108397543,
];
/** erf(x) = 1 − exp(L(|x|)) for |x| ≥ ERF_SPLIT, L ≈ log(erfc) on [ERF_SPLIT, 3.925] (erf rounds to 1 past 3.92). */
export const ERF_LARGE = [
  0.00017940033285412937, -1.1295384168624878, -0.6332976818084717, -0.10833627730607986, 0.02515709586441517,
  -0.004185890778899193, 0.00043763412395492196, -2.1379244572017342e-5,
];
const ERF_SPLIT = 0.921875;
/** |x| is clamped here before L: erf(4) is 1 in float32, and L stays in its fitted, decreasing range. */
const ERF_CLAMP = 4;

/**
 * erf: both forms are computed and the one for |x| selected. The large form's 1 − exp(L) rounds once after an exp
 * of ≤ 1 ulp of a value ≤ 0.2, so it stays within ~1.5 ulp of erf ∈ [0.8, 1]; its sign is x's. −0, ±∞ (±1) and NaN
 * come out exactly (NaN falls through the clamps).
 */
function erfBody(k) {
  const a = absOf(v(k));
  return `(local.set $h${k} ${add(v(k), mul(v(k), horner(ERF_SMALL, mul(v(k), v(k)))))})
      (local.set $e${k} (f32x4.pmin ${a} ${f32(ERF_CLAMP)}))
      (local.set $w${k} (f32x4.pmax ${horner(ERF_LARGE, get(`e${k}`))} ${f32(EXP_LO)}))${expNeg(k)}
      (local.set $y${k} (v128.or ${sub(f32(1), y(k))} ${signOf(v(k))}))
      (local.set $y${k} (v128.bitselect ${get(`h${k}`)} ${y(k)} (f32x4.lt ${a} ${f32(ERF_SPLIT)})))`;
}

const v = (k) => get(`v${k}`);
const d = (k) => get(`d${k}`);
const y = (k) => get(`y${k}`);

/** @returns {string} the module's WebAssembly text */
export function vmath32Wat({ swish = false } = {}) {
  globals = new Map();
  wideLocals = swish;
  return swish ? moduleText(swishFuncs()) : moduleText(baseFuncs());
}

/** Whether `elementwise` declares the extra locals the Swish and erf bodies use (not the base module's). */
let wideLocals = false;

function moduleText(funcs) {
  const globalDecls = [...globals].map(([key, name]) => {
    const [type, val] = key.split(' ');
    return `  (global ${name} (mut v128) (v128.const ${type} ${val} ${val} ${val} ${val}))`;
  });
  return ['(module', '  (import "env" "memory" (memory 1))', ...globalDecls, ...funcs, ')'].join('\n');
}

/** exp, expm1, sigmoid, tanh, ELU and its gradients, mul and div: what the built-in activations load. */
function baseFuncs() {
  const funcs = [];
  funcs.push(
    elementwise('exp', {
      body: (k) => `(local.set $w${k} ${clamp(v(k), EXP_LO, EXP_HI)})${expTwoStep(k)}`,
    }),
  );
  // expm1 keeps −0 (and is negative exactly where x is), so or-ing x's sign bit in is exact.
  funcs.push(
    elementwise('expm1', {
      q: Q4_COEFFS,
      body: (k) => `(local.set $w${k} ${clamp(v(k), EXPM1_LO, EXP_HI)})${expm1TwoStep(k)}
      (local.set $y${k} (v128.or ${y(k)} ${signOf(v(k))}))`,
    }),
  );
  // −|x| is x with its sign bit set. The numerator, e for x < 0 and 1 for x ≥ 0, is max(e, x ≥ 0 ? 1 : 0) as e ≤ 1.
  funcs.push(
    elementwise('sigmoid', {
      blocks: 5,
      q: Q4_COEFFS,
      body: (k) => `(local.set $w${k} (f32x4.pmax (v128.or ${v(k)} ${i32(SIGN)}) ${f32(EXP_LO)}))${expNeg(k)}
      (local.set $y${k} (f32x4.div (f32x4.pmax ${y(k)} (v128.and (f32x4.ge ${v(k)} ${ZERO}) ${f32(1)}))
        (f32x4.add ${y(k)} ${f32(1)})))`,
    }),
  );
  // t / (t + 2) with t = expm1(−2|x|) ∈ [−1, 0] is −tanh|x|: no cancellation near 0, exactly −1 once t = −1; its
  // magnitude takes x's sign.
  funcs.push(
    elementwise('tanh', {
      blocks: 5,
      q: Q4_COEFFS,
      body: (k) => `(local.set $w${k} (f32x4.pmax (f32x4.mul ${absOf(v(k))} ${f32(-2)}) ${f32(EXPM1_LO)}))${expm1Neg(k)}
      (local.set $y${k} (f32x4.div ${y(k)} ${add(y(k), f32(2))}))
      (local.set $y${k} (v128.or ${absOf(y(k))} ${signOf(v(k))}))`,
    }),
  );
  // ELU = max(x, 0) + alpha·expm1(min(x, 0)): expm1 of a non-positive w is ≤ 0, so setting its sign bit is exact and
  // keeps ELU(−0) = −0; for x > 0 the second term is ±0 and the sum is x.
  funcs.push(
    elementwise('elu', {
      blocks: 5,
      params: ' (param $alpha f32)',
      pre: '(local.set $a (f32x4.splat (local.get $alpha)))',
      body: (k) => `(local.set $w${k} (f32x4.pmax (f32x4.pmin ${v(k)} ${ZERO}) ${f32(EXPM1_LO)}))${expm1Neg(k)}
      (local.set $y${k} ${mad(get('a'), `(v128.or ${y(k)} ${i32(SIGN)})`, `(f32x4.pmax ${v(k)} ${ZERO})`)})`,
    }),
  );
  funcs.push(
    elementwise('eluGrad', {
      blocks: 5,
      params: ' (param $alpha f32)',
      extraIn: '$dy',
      pre: '(local.set $a (f32x4.splat (local.get $alpha)))',
      body: (k) => `(local.set $w${k} (f32x4.pmax (f32x4.pmin ${v(k)} ${ZERO}) ${f32(EXP_LO)}))${expNeg(k)}
      (local.set $y${k} (v128.bitselect ${d(k)} ${mul(mul(y(k), get('a')), d(k))} (f32x4.gt ${v(k)} ${ZERO})))`,
    }),
  );
  // alpha = 1 (the default): exp(min(x, 0)) is exactly 1 for x ≥ 0, so dx = e·dy needs no select.
  funcs.push(
    elementwise('eluGradUnit', {
      extraIn: '$dy',
      body: (k) => `(local.set $w${k} (f32x4.pmax (f32x4.pmin ${v(k)} ${ZERO}) ${f32(EXP_LO)}))${expNeg(k)}
      (local.set $y${k} ${mul(y(k), d(k))})`,
    }),
  );
  // Building blocks for plugin authors: IEEE float32 multiply and divide, correctly rounded like JavaScript's
  // Math.fround(a · b) and Math.fround(a / b) (a float64 product or quotient of float32 values rounds to the same float).
  funcs.push(elementwise('mul', { extraIn: '$dy', blocks: 4, body: (k) => `(local.set $y${k} ${mul(v(k), d(k))})` }));
  funcs.push(elementwise('div', { extraIn: '$dy', blocks: 4, body: (k) => `(local.set $y${k} (f32x4.div ${v(k)} ${d(k)}))` }));
  return funcs;
}

/** f32x4 blocks per iteration of the Swish passes: 5 measured ~8 % faster than 4 (and than 6) in both directions. */
const SWISH_BLOCKS = 5;

/**
 * Swish forward and backward and erf: building blocks for plugin authors, in a module of their own so that bundles
 * that never call them do not carry them.
 */
function swishFuncs() {
  const funcs = [];
  funcs.push(
    elementwise('swish', {
      blocks: SWISH_BLOCKS,
      params: ' (param $beta f32)',
      q: Q4_COEFFS,
      pre: SWISH_PRE,
      body: (k) => `${swishGate(k)}
      (local.set $s${k} (f32x4.div (f32x4.pmax ${y(k)} (v128.and (f32x4.ge ${get(`z${k}`)} ${ZERO}) ${f32(1)})) ${add(y(k), f32(1))}))
      (local.set $y${k} (v128.and ${mul(v(k), get(`s${k}`))} (f32x4.ne ${get(`s${k}`)} ${ZERO})))`,
    }),
  );
  funcs.push(
    elementwise('swishGrad', {
      blocks: SWISH_BLOCKS,
      params: ' (param $beta f32)',
      q: Q4_COEFFS,
      extraIn: '$dy',
      sum: true,
      pre: `${SWISH_PRE}
    (local.set $bh (v128.and (local.get $a) (v128.const i32x4 ${SPLIT_MASK} ${SPLIT_MASK} ${SPLIT_MASK} ${SPLIT_MASK})))
    (local.set $bl (f32x4.sub (local.get $a) (local.get $bh)))`,
      extraLocals: '(local $bh v128) (local $bl v128)',
      ...swishGrad(),
    }),
  );
  // The same where β·x is exact in float32 (β a power of two, 1 included): no rounding error term to carry.
  funcs.push(
    elementwise('swishGradExactProduct', {
      blocks: SWISH_BLOCKS,
      params: ' (param $beta f32)',
      q: Q4_COEFFS,
      extraIn: '$dy',
      sum: true,
      pre: SWISH_PRE,
      ...swishGrad(true),
    }),
  );
  funcs.push(elementwise('erf', { body: erfBody }));
  return funcs;
}
