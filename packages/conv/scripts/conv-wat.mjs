/**
 * Generates the WebAssembly text of @rectify/conv's SIMD forward convolution (strides 1, any padding, dilation and
 * groups): an implicit GEMM on core's 4×12 micro-kernel shape that reads the input where it lies instead of
 * unrolling it with im2col.
 *
 * With the input zero-padded to `Hp×Wp` planes, output pixel (i, j) of tap k = (c, a, e) reads
 * `xp[c·Hp·Wp + a·dh·Wp + e·dw + i·Wp + j]`: computing every output row over the padded width `Wp` makes column
 * n = i·Wp + j of the im2col matrix the contiguous slice `xp[off(k) + n]`. So row k of "B" is the padded image
 * shifted by `off(k)` (a table the caller fills), and the micro-kernel loads its NR columns there directly; the
 * columns j ≥ outW of each wide row are computed and dropped by `compact`.
 *
 * Every output sums `w[o][k]·B[k][n]` for k = 0, 1, … with f32x4.mul then f32x4.add from zero, the same operations
 * in the same order as core's GEMM kernel on the im2col matrix, so the results are bit-identical to that path.
 *
 * Exports (addresses in bytes):
 * Imports `env.memory` (at most CONV_MAX_PAGES pages): one memory per layer for one thread, or the thread pool's
 * shared memory (the import flipped to `shared` by core's `withSharedMemoryImport`); the caller lays out its regions
 * and grows it.
 * - `pad(raw, xp, planes, h, w, hp, wp, top, left)`: copies `planes` h×w planes into the interior of hp×wp planes
 *   (the borders are left as they are: the caller zeroes them once).
 * - `forward(xp, imgBytes, rows, w, m, k, offs, c, np, outH, outW, wp, bias, hasBias, y, yImgBytes)`: per image,
 *   C[m×np] = W[m×k]·B then y = the valid columns of C (+ bias per row when `hasBias`).
 * - `im2col(xb, offs, k, outH, outW, wp, cols)`: the im2col matrix [k × outH·outW] of one padded image (for the
 *   backward pass, whose products run on core's GEMM).
 * - `col2im(dxb, offs, k, outH, outW, wp, dcols)`: adds each row of dcols [k × outH·outW] into the padded input
 *   gradient at its tap, rows in order k = 0, 1, …, so every element sums its terms in the order of the JavaScript
 *   col2im (the same bits).
 * - `crop(xp, dst, planes, h, w, hp, wp, top, left)`: the interiors of padded planes, packed (the inverse of `pad`).
 */

/** Most pages of a conv kernel's memory (1 GiB): a shared memory must declare its maximum, which engines reserve. */
export const CONV_MAX_PAGES = 16384;

const NV = 3;
const NR = NV * 4;
const UNROLL = 2;

/** The micro-kernel for `mr` rows of W: C[mr×NR] = W_rows · B(:, n0..n0+NR). */
function micro(mr) {
  const acc = (r, v) => `$c${r}_${v}`;
  const locals = [];
  for (let r = 1; r < mr; r++) locals.push(`(local $a${r} i32)`);
  for (let r = 0; r < mr; r++) for (let v = 0; v < NV; v++) locals.push(`(local ${acc(r, v)} v128)`);
  for (let v = 0; v < NV; v++) locals.push(`(local $b${v} v128)`);
  locals.push('(local $t v128) (local $row i32)');
  const L = [];
  L.push(`  (func $micro${mr} (param $a0 i32) (param $rsA i32) (param $offs i32) (param $xb i32) (param $pc i32) (param $ldc i32) (param $k i32)
    ${locals.join(' ')}`);
  for (let r = 1; r < mr; r++) L.push(`    (local.set $a${r} (i32.add (local.get $a${r - 1}) (local.get $rsA)))`);
  const step = (u) => {
    const S = [`        (local.set $row (i32.add (local.get $xb) (i32.load offset=${u * 4} (local.get $offs))))`];
    for (let v = 0; v < NV; v++) S.push(`        (local.set $b${v} (v128.load offset=${v * 16} align=4 (local.get $row)))`);
    for (let r = 0; r < mr; r++) {
      S.push(`        (local.set $t (v128.load32_splat offset=${u * 4} (local.get $a${r})))`);
      for (let v = 0; v < NV; v++)
        S.push(
          `        (local.set ${acc(r, v)} (f32x4.add (local.get ${acc(r, v)}) (f32x4.mul (local.get $t) (local.get $b${v}))))`,
        );
    }
    return S.join('\n');
  };
  const advance = (n) => {
    const S = [`        (local.set $offs (i32.add (local.get $offs) (i32.const ${n * 4})))`];
    for (let r = 0; r < mr; r++) S.push(`        (local.set $a${r} (i32.add (local.get $a${r}) (i32.const ${n * 4})))`);
    S.push(`        (local.set $k (i32.sub (local.get $k) (i32.const ${n})))`);
    return S.join('\n');
  };
  L.push(`    (block $done_u (loop $loop_u
        (br_if $done_u (i32.lt_s (local.get $k) (i32.const ${UNROLL})))`);
  for (let u = 0; u < UNROLL; u++) L.push(step(u));
  L.push(advance(UNROLL));
  L.push('        (br $loop_u)))');
  L.push(`    (block $done (loop $loop
        (br_if $done (i32.le_s (local.get $k) (i32.const 0)))`);
  L.push(step(0));
  L.push(advance(1));
  L.push('        (br $loop)))');
  L.push('    (local.set $row (local.get $pc))');
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < NV; v++) L.push(`    (v128.store offset=${v * 16} (local.get $row) (local.get ${acc(r, v)}))`);
    if (r < mr - 1) L.push('    (local.set $row (i32.add (local.get $row) (local.get $ldc)))');
  }
  L.push('  )');
  return L.join('\n');
}

/** C[m×np] = W[m×k]·B for one image: B panels of NR columns outer, row blocks of 4, then 2, then 1 inner. */
function image() {
  const block = (mr) => `        (call $micro${mr}
          (i32.add (local.get $w) (i32.mul (local.get $i0) (local.get $rsA))) (local.get $rsA) (local.get $offs)
          (i32.add (local.get $xb) (local.get $j4))
          (i32.add (local.get $c) (i32.add (i32.mul (local.get $i0) (local.get $ldc)) (local.get $j4)))
          (local.get $ldc) (local.get $k))
        (local.set $i0 (i32.add (local.get $i0) (i32.const ${mr})))`;
  return `  (func $image (param $xb i32) (param $w i32) (param $m i32) (param $k i32) (param $offs i32) (param $c i32) (param $np i32)
    (local $j4 i32) (local $end i32) (local $i0 i32) (local $ldc i32) (local $rsA i32)
    (local.set $ldc (i32.shl (local.get $np) (i32.const 2)))
    (local.set $rsA (i32.shl (local.get $k) (i32.const 2)))
    (local.set $end (local.get $ldc))
    (local.set $j4 (i32.const 0))
    (block $done_j (loop $loop_j
      (br_if $done_j (i32.ge_s (local.get $j4) (local.get $end)))
      (local.set $i0 (i32.const 0))
      (block $done_i (loop $loop_i
        (br_if $done_i (i32.gt_s (i32.add (local.get $i0) (i32.const 4)) (local.get $m)))
${block(4)}
        (br $loop_i)))
      (if (i32.le_s (i32.add (local.get $i0) (i32.const 2)) (local.get $m)) (then
${block(2)}))
      (if (i32.lt_s (local.get $i0) (local.get $m)) (then
${block(1)}))
      (local.set $j4 (i32.add (local.get $j4) (i32.const ${NR * 4})))
      (br $loop_j)))
  )`;
}

/** y[o][i][j] = C[o][i·wp + j] (+ bias[o]) for the valid columns j < outW. */
function compact() {
  return `  (func $compact (param $c i32) (param $ldc i32) (param $m i32) (param $outH i32) (param $outW i32) (param $wp i32) (param $bias i32) (param $hasBias i32) (param $y i32)
    (local $o i32) (local $i i32) (local $j i32) (local $src i32) (local $row i32) (local $bv v128) (local $b f32) (local $v v128) (local $s f32)
    (local.set $o (i32.const 0))
    (block $done_o (loop $loop_o
      (br_if $done_o (i32.ge_s (local.get $o) (local.get $m)))
      (local.set $b (f32.load (i32.add (local.get $bias) (i32.shl (local.get $o) (i32.const 2)))))
      (local.set $bv (f32x4.splat (local.get $b)))
      (local.set $row (i32.add (local.get $c) (i32.mul (local.get $o) (local.get $ldc))))
      (local.set $i (i32.const 0))
      (block $done_i (loop $loop_i
        (br_if $done_i (i32.ge_s (local.get $i) (local.get $outH)))
        (local.set $src (i32.add (local.get $row) (i32.shl (i32.mul (local.get $i) (local.get $wp)) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $done_v (loop $loop_v
          (br_if $done_v (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $outW)))
          (local.set $v (v128.load align=4 (local.get $src)))
          (if (local.get $hasBias) (then (local.set $v (f32x4.add (local.get $v) (local.get $bv)))))
          (v128.store align=4 (local.get $y) (local.get $v))
          (local.set $src (i32.add (local.get $src) (i32.const 16)))
          (local.set $y (i32.add (local.get $y) (i32.const 16)))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $loop_v)))
        (block $done_s (loop $loop_s
          (br_if $done_s (i32.ge_s (local.get $j) (local.get $outW)))
          (local.set $s (f32.load (local.get $src)))
          (if (local.get $hasBias) (then (local.set $s (f32.add (local.get $s) (local.get $b)))))
          (f32.store (local.get $y) (local.get $s))
          (local.set $src (i32.add (local.get $src) (i32.const 4)))
          (local.set $y (i32.add (local.get $y) (i32.const 4)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $loop_s)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $loop_i)))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (br $loop_o)))
  )`;
}

/** The module text. */
export function convWat() {
  return `(module
  (import "env" "memory" (memory 1 ${CONV_MAX_PAGES}))
${micro(4)}
${micro(2)}
${micro(1)}
${image()}
${compact()}
  ;; copies h×w planes between packed (at $flat) and the interior of hp×wp padded planes (at $xp), either way
  (func $planes (param $flat i32) (param $xp i32) (param $planes i32) (param $h i32) (param $w i32) (param $hp i32) (param $wp i32) (param $top i32) (param $left i32) (param $intoPadded i32)
    (local $p i32) (local $r i32) (local $padded i32) (local $rowBytes i32) (local $wpBytes i32)
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 2)))
    (local.set $wpBytes (i32.shl (local.get $wp) (i32.const 2)))
    (local.set $p (i32.const 0))
    (block $done_p (loop $loop_p
      (br_if $done_p (i32.ge_s (local.get $p) (local.get $planes)))
      (local.set $padded (i32.add (local.get $xp)
        (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $p) (local.get $hp)) (local.get $top)) (local.get $wp)) (local.get $left)) (i32.const 2))))
      (local.set $r (i32.const 0))
      (block $done_r (loop $loop_r
        (br_if $done_r (i32.ge_s (local.get $r) (local.get $h)))
        (if (local.get $intoPadded)
          (then (memory.copy (local.get $padded) (local.get $flat) (local.get $rowBytes)))
          (else (memory.copy (local.get $flat) (local.get $padded) (local.get $rowBytes))))
        (local.set $flat (i32.add (local.get $flat) (local.get $rowBytes)))
        (local.set $padded (i32.add (local.get $padded) (local.get $wpBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $loop_r)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $loop_p)))
  )
  (func (export "pad") (param $raw i32) (param $xp i32) (param $planes i32) (param $h i32) (param $w i32) (param $hp i32) (param $wp i32) (param $top i32) (param $left i32)
    (call $planes (local.get $raw) (local.get $xp) (local.get $planes) (local.get $h) (local.get $w) (local.get $hp) (local.get $wp) (local.get $top) (local.get $left) (i32.const 1))
  )
  (func (export "crop") (param $xp i32) (param $dst i32) (param $planes i32) (param $h i32) (param $w i32) (param $hp i32) (param $wp i32) (param $top i32) (param $left i32)
    (call $planes (local.get $dst) (local.get $xp) (local.get $planes) (local.get $h) (local.get $w) (local.get $hp) (local.get $wp) (local.get $top) (local.get $left) (i32.const 0))
  )
  (func (export "forward") (param $xp i32) (param $imgBytes i32) (param $rows i32) (param $w i32) (param $m i32) (param $k i32) (param $offs i32) (param $c i32) (param $np i32)
    (param $outH i32) (param $outW i32) (param $wp i32) (param $bias i32) (param $hasBias i32) (param $y i32) (param $yImgBytes i32)
    (local $n i32)
    (local.set $n (i32.const 0))
    (block $done (loop $loop
      (br_if $done (i32.ge_s (local.get $n) (local.get $rows)))
      (call $image (local.get $xp) (local.get $w) (local.get $m) (local.get $k) (local.get $offs) (local.get $c) (local.get $np))
      (call $compact (local.get $c) (i32.shl (local.get $np) (i32.const 2)) (local.get $m) (local.get $outH) (local.get $outW) (local.get $wp)
        (local.get $bias) (local.get $hasBias) (local.get $y))
      (local.set $xp (i32.add (local.get $xp) (local.get $imgBytes)))
      (local.set $y (i32.add (local.get $y) (local.get $yImgBytes)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $loop)))
  )
  ;; the rows of one tap as outH runs of outW floats: vectors, then a scalar tail
  (func $rows (param $src i32) (param $dst i32) (param $outH i32) (param $outW i32) (param $wpBytes i32) (param $add i32)
    (local $i i32) (local $j i32) (local $s i32)
    (local.set $i (i32.const 0))
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_s (local.get $i) (local.get $outH)))
      (local.set $s (local.get $src))
      (local.set $j (i32.const 0))
      (block $done_v (loop $loop_v
        (br_if $done_v (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $outW)))
        (if (local.get $add)
          (then (v128.store align=4 (local.get $s) (f32x4.add (v128.load align=4 (local.get $s)) (v128.load align=4 (local.get $dst)))))
          (else (v128.store align=4 (local.get $dst) (v128.load align=4 (local.get $s)))))
        (local.set $s (i32.add (local.get $s) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $loop_v)))
      (block $done_s (loop $loop_s
        (br_if $done_s (i32.ge_s (local.get $j) (local.get $outW)))
        (if (local.get $add)
          (then (f32.store (local.get $s) (f32.add (f32.load (local.get $s)) (f32.load (local.get $dst)))))
          (else (f32.store (local.get $dst) (f32.load (local.get $s)))))
        (local.set $s (i32.add (local.get $s) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $loop_s)))
      (local.set $src (i32.add (local.get $src) (local.get $wpBytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i)))
  )
  ;; every tap of one padded image: copy its rows to (add = 0) or add them from (add = 1) the matrix at $m
  (func $taps (param $base i32) (param $offs i32) (param $k i32) (param $outH i32) (param $outW i32) (param $wp i32) (param $m i32) (param $add i32)
    (local $kk i32) (local $wpBytes i32) (local $rowBytes i32)
    (local.set $wpBytes (i32.shl (local.get $wp) (i32.const 2)))
    (local.set $rowBytes (i32.shl (i32.mul (local.get $outH) (local.get $outW)) (i32.const 2)))
    (local.set $kk (i32.const 0))
    (block $done (loop $loop
      (br_if $done (i32.ge_s (local.get $kk) (local.get $k)))
      (call $rows (i32.add (local.get $base) (i32.load (local.get $offs))) (local.get $m) (local.get $outH) (local.get $outW) (local.get $wpBytes) (local.get $add))
      (local.set $offs (i32.add (local.get $offs) (i32.const 4)))
      (local.set $m (i32.add (local.get $m) (local.get $rowBytes)))
      (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
      (br $loop)))
  )
  (func (export "im2col") (param $xb i32) (param $offs i32) (param $k i32) (param $outH i32) (param $outW i32) (param $wp i32) (param $cols i32)
    (call $taps (local.get $xb) (local.get $offs) (local.get $k) (local.get $outH) (local.get $outW) (local.get $wp) (local.get $cols) (i32.const 0))
  )
  (func (export "col2im") (param $dxb i32) (param $offs i32) (param $k i32) (param $outH i32) (param $outW i32) (param $wp i32) (param $dcols i32)
    (call $taps (local.get $dxb) (local.get $offs) (local.get $k) (local.get $outH) (local.get $outW) (local.get $wp) (local.get $dcols) (i32.const 1))
  )
  (global (export "NR") i32 (i32.const ${NR}))
)`;
}
