/**
 * Generates the WebAssembly text of Rectify's SIMD matrix kernel.
 *
 * Exports:
 * Imports `env.memory` (at most MAX_PAGES pages): the scratch memory the JavaScript side copies operands into. The
 * thread pool flips that import to a shared memory (one byte: the limits flag) so that every thread's instance
 * works on the same memory.
 * - `packB(src, dst, k, n, rs, cs)`: packs a k×n operand B, element (p, j) at byte `src + p*rs + j*cs`, into panels
 *   of NR columns: panel `jp` holds rows p = 0..k-1 of NR contiguous floats each (columns past n are zero). With
 *   (rs, cs) = (4n, 4) B is row-major; with (4, 4k) it is the transpose of a row-major n×k array. Both layouts
 *   pack whole panels with vector loads and stores (the transposed one through 4×4 register transposes); other
 *   strides and the partial last panel go element by element.
 * - `gemm(a, rsA, csA, bp, c, mp, k, n, edge, acc)`: C[mp×n] (+)= A·B, A's element (i, p) at byte
 *   `a + i*rsA + p*csA` (row-major A or the transpose of a row-major array, with no copy), B packed by packB, C
 *   row-major with its n columns; `edge` is scratch of mp×NR floats for the partial
 *   last panel. mp is a multiple of MR; the caller pads A's rows. `acc` = 1 loads C first, 0 overwrites it.
 *
 * The micro-kernel keeps an MR×NR block of C in MR·NR/4 f32x4 registers and, per step p, loads NR/4 vectors of
 * the B panel and splats one A element per row (v128.load32_splat): MR·NR/4 multiplies and adds per step.
 */

/** Most pages of the matrix kernel's memory (1 GiB): a shared memory must declare its maximum, which engines reserve. */
export const GEMM_MAX_PAGES = 16384;

/**
 * With `fma` the multiply-add is one `f32x4.relaxed_madd` (relaxed SIMD): fused, rounded once, on hardware with FMA
 * instructions, so its results differ from the separate multiply and add in the last bits.
 * @param {{ mr: number, nv: number, unroll: number, fma?: boolean }} cfg
 */
export function gemmWat({ mr, nv, unroll, fma = false }) {
  const nr = nv * 4;
  const L = [];
  const acc = (r, v) => `$c${r}_${v}`;
  L.push('(module');
  L.push(`  (import "env" "memory" (memory 1 ${GEMM_MAX_PAGES}))`);
  // packB: full panels take a vector path (row-major B: NR contiguous floats per row; transposed B: 4×4 blocks
  // transposed in registers), the partial last panel and a transposed B's last k % 4 rows go element by element.
  const lane = (v, l) => [0, 1, 2, 3].map((b) => (v * 16 + l * 4 + b).toString()).join(' ');
  // i8x16.shuffle byte indices for f32 lanes written `operand.lane` (operand 0 is the first shuffle argument).
  const shuf = (lanes) =>
    lanes
      .split(' ')
      .map((vl) => lane(Number(vl[0]), Number(vl[2])))
      .join(' ');
  const LO = shuf('0.0 1.0 0.1 1.1');
  const HI = shuf('0.2 1.2 0.3 1.3');
  const LO2 = shuf('0.0 0.1 1.0 1.1');
  const HI2 = shuf('0.2 0.3 1.2 1.3');
  const rowCopy = [];
  for (let v = 0; v < nv; v++)
    rowCopy.push(`          (v128.store offset=${v * 16} (local.get $dst) (v128.load offset=${v * 16} (local.get $row)))`);
  const transBlock = [];
  for (let v = 0; v < nv; v++) {
    // Source rows q = 0..3 of this group hold B(p..p+3, j0 + 4v + q).
    transBlock.push(`          (local.set $col (i32.add (local.get $row) (i32.mul (i32.add (local.get $j0) (i32.const ${v * 4})) (local.get $cs))))
          (local.set $r0 (v128.load (local.get $col)))
          (local.set $r1 (v128.load (i32.add (local.get $col) (local.get $cs))))
          (local.set $r2 (v128.load (i32.add (local.get $col) (local.get $cs2))))
          (local.set $r3 (v128.load (i32.add (local.get $col) (local.get $cs3))))
          (local.set $t0 (i8x16.shuffle ${LO} (local.get $r0) (local.get $r1)))
          (local.set $t1 (i8x16.shuffle ${HI} (local.get $r0) (local.get $r1)))
          (local.set $t2 (i8x16.shuffle ${LO} (local.get $r2) (local.get $r3)))
          (local.set $t3 (i8x16.shuffle ${HI} (local.get $r2) (local.get $r3)))
          (v128.store offset=${v * 16} (local.get $dst) (i8x16.shuffle ${LO2} (local.get $t0) (local.get $t2)))
          (v128.store offset=${v * 16 + nr * 4} (local.get $dst) (i8x16.shuffle ${HI2} (local.get $t0) (local.get $t2)))
          (v128.store offset=${v * 16 + nr * 8} (local.get $dst) (i8x16.shuffle ${LO2} (local.get $t1) (local.get $t3)))
          (v128.store offset=${v * 16 + nr * 12} (local.get $dst) (i8x16.shuffle ${HI2} (local.get $t1) (local.get $t3)))`);
  }
  L.push(`  (func $packEdge (param $src i32) (param $dst i32) (param $k i32) (param $n i32) (param $rs i32) (param $cs i32) (param $j0 i32) (param $p i32)
    (local $jj i32) (local $col i32) (local $row i32)
    (block $done_p (loop $loop_p
      (br_if $done_p (i32.ge_s (local.get $p) (local.get $k)))
      (local.set $row (i32.add (local.get $src) (i32.mul (local.get $p) (local.get $rs))))
      (local.set $jj (i32.const 0))
      (block $done_jj (loop $loop_jj
        (br_if $done_jj (i32.ge_s (local.get $jj) (i32.const ${nr})))
        (local.set $col (i32.add (local.get $j0) (local.get $jj)))
        (f32.store (local.get $dst)
          (if (result f32) (i32.lt_s (local.get $col) (local.get $n))
            (then (f32.load (i32.add (local.get $row) (i32.mul (local.get $col) (local.get $cs)))))
            (else (f32.const 0))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
        (br $loop_jj)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $loop_p)))
  )
  (func (export "packB") (param $src i32) (param $dst i32) (param $k i32) (param $n i32) (param $rs i32) (param $cs i32)
    (local $j0 i32) (local $p i32) (local $col i32) (local $row i32) (local $cs2 i32) (local $cs3 i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $cs2 (i32.shl (local.get $cs) (i32.const 1)))
    (local.set $cs3 (i32.add (local.get $cs2) (local.get $cs)))
    (local.set $j0 (i32.const 0))
    (block $done_j (loop $loop_j
      (br_if $done_j (i32.gt_s (i32.add (local.get $j0) (i32.const ${nr})) (local.get $n)))
      (local.set $p (i32.const 0))
      (if (i32.eq (local.get $cs) (i32.const 4))
        (then
          (local.set $row (i32.add (local.get $src) (i32.shl (local.get $j0) (i32.const 2))))
          (block $done_r (loop $loop_r
            (br_if $done_r (i32.ge_s (local.get $p) (local.get $k)))
${rowCopy.join('\n')}
            (local.set $row (i32.add (local.get $row) (local.get $rs)))
            (local.set $dst (i32.add (local.get $dst) (i32.const ${nr * 4})))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $loop_r))))
        (else (if (i32.eq (local.get $rs) (i32.const 4))
          (then
            (block $done_t (loop $loop_t
              (br_if $done_t (i32.gt_s (i32.add (local.get $p) (i32.const 4)) (local.get $k)))
              (local.set $row (i32.add (local.get $src) (i32.shl (local.get $p) (i32.const 2))))
${transBlock.join('\n')}
              (local.set $dst (i32.add (local.get $dst) (i32.const ${nr * 16})))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (br $loop_t)))))))
      ;; whatever the vector paths left of this panel (all of it for other strides)
      (call $packEdge (local.get $src) (local.get $dst) (local.get $k) (local.get $n) (local.get $rs) (local.get $cs) (local.get $j0) (local.get $p))
      (local.set $dst (i32.add (local.get $dst) (i32.mul (i32.sub (local.get $k) (local.get $p)) (i32.const ${nr * 4}))))
      (local.set $j0 (i32.add (local.get $j0) (i32.const ${nr})))
      (br $loop_j)))
    (if (i32.lt_s (local.get $j0) (local.get $n))
      (then (call $packEdge (local.get $src) (local.get $dst) (local.get $k) (local.get $n) (local.get $rs) (local.get $cs) (local.get $j0) (i32.const 0))))
  )`);
  // micro-kernel
  const locals = [];
  for (let r = 1; r < mr; r++) locals.push(`(local $a${r} i32)`);
  for (let r = 0; r < mr; r++) for (let v = 0; v < nv; v++) locals.push(`(local ${acc(r, v)} v128)`);
  for (let v = 0; v < nv; v++) locals.push(`(local $b${v} v128)`);
  locals.push('(local $t v128) (local $rowc i32)');
  L.push(`  (func $micro (param $a0 i32) (param $rsA i32) (param $csA i32) (param $pb i32) (param $pc i32) (param $ldc i32) (param $k i32) (param $acc i32)
    ${locals.join(' ')}`);
  for (let r = 1; r < mr; r++) L.push(`    (local.set $a${r} (i32.add (local.get $a${r - 1}) (local.get $rsA)))`);
  // load C when accumulating
  L.push('    (if (local.get $acc) (then');
  L.push('      (local.set $rowc (local.get $pc))');
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++) L.push(`      (local.set ${acc(r, v)} (v128.load offset=${v * 16} (local.get $rowc)))`);
    if (r < mr - 1) L.push('      (local.set $rowc (i32.add (local.get $rowc) (local.get $ldc)))');
  }
  L.push('    ))');
  const step = (u) => {
    const S = [];
    for (let v = 0; v < nv; v++) S.push(`        (local.set $b${v} (v128.load offset=${(u * nr + v * 4) * 4} (local.get $pb)))`);
    for (let r = 0; r < mr; r++) {
      S.push(`        (local.set $t (v128.load32_splat (local.get $a${r})))`);
      for (let v = 0; v < nv; v++)
        S.push(
          fma
            ? `        (local.set ${acc(r, v)} (f32x4.relaxed_madd (local.get $t) (local.get $b${v}) (local.get ${acc(r, v)})))`
            : `        (local.set ${acc(r, v)} (f32x4.add (local.get ${acc(r, v)}) (f32x4.mul (local.get $t) (local.get $b${v}))))`,
        );
    }
    for (let r = 0; r < mr; r++) S.push(`        (local.set $a${r} (i32.add (local.get $a${r}) (local.get $csA)))`);
    return S.join('\n');
  };
  // unrolled main loop then remainder loop
  if (unroll > 1) {
    L.push(`    (block $done_u (loop $loop_u
        (br_if $done_u (i32.lt_s (local.get $k) (i32.const ${unroll})))`);
    for (let u = 0; u < unroll; u++) L.push(step(u));
    L.push(`        (local.set $pb (i32.add (local.get $pb) (i32.const ${unroll * nr * 4})))
        (local.set $k (i32.sub (local.get $k) (i32.const ${unroll})))
        (br $loop_u)))`);
  }
  L.push(`    (block $done (loop $loop
        (br_if $done (i32.le_s (local.get $k) (i32.const 0)))`);
  L.push(step(0));
  L.push(`        (local.set $pb (i32.add (local.get $pb) (i32.const ${nr * 4})))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br $loop)))`);
  L.push('    (local.set $rowc (local.get $pc))');
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++) L.push(`    (v128.store offset=${v * 16} (local.get $rowc) (local.get ${acc(r, v)}))`);
    if (r < mr - 1) L.push('    (local.set $rowc (i32.add (local.get $rowc) (local.get $ldc)))');
  }
  L.push('  )');
  // gemm driver: B panel outer (stays in L1), A row blocks inner. C has its real row stride (n floats): full panels
  // are stored in place; the partial last panel (n % NR columns) goes through the edge buffer (NR floats per row),
  // whose first n − j0 columns are copied to and from C around each block, so no row of C is ever moved as a whole.
  L.push(`  (func (export "gemm") (param $a i32) (param $rsA i32) (param $csA i32) (param $bp i32) (param $c i32) (param $mp i32) (param $k i32) (param $n i32) (param $edge i32) (param $acc i32)
    (local $j0 i32) (local $i0 i32) (local $ldc i32) (local $full i32) (local $w i32) (local $r i32) (local $src i32) (local $dst i32)
    (local.set $ldc (i32.shl (local.get $n) (i32.const 2)))
    (local.set $full (i32.sub (local.get $n) (i32.rem_u (local.get $n) (i32.const ${nr}))))
    (local.set $j0 (i32.const 0))
    (block $done_j (loop $loop_j
      (br_if $done_j (i32.ge_s (local.get $j0) (local.get $full)))
      (local.set $i0 (i32.const 0))
      (block $done_i (loop $loop_i
        (br_if $done_i (i32.ge_s (local.get $i0) (local.get $mp)))
        (call $micro
          (i32.add (local.get $a) (i32.mul (local.get $i0) (local.get $rsA)))
          (local.get $rsA) (local.get $csA) (local.get $bp)
          (i32.add (local.get $c) (i32.add (i32.mul (local.get $i0) (local.get $ldc)) (i32.shl (local.get $j0) (i32.const 2))))
          (local.get $ldc) (local.get $k) (local.get $acc))
        (local.set $i0 (i32.add (local.get $i0) (i32.const ${mr})))
        (br $loop_i)))
      (local.set $bp (i32.add (local.get $bp) (i32.mul (local.get $k) (i32.const ${nr * 4}))))
      (local.set $j0 (i32.add (local.get $j0) (i32.const ${nr})))
      (br $loop_j)))
    (if (i32.lt_s (local.get $full) (local.get $n)) (then
      (local.set $w (i32.shl (i32.sub (local.get $n) (local.get $full)) (i32.const 2)))
      (local.set $i0 (i32.const 0))
      (block $done_e (loop $loop_e
        (br_if $done_e (i32.ge_s (local.get $i0) (local.get $mp)))
        (local.set $src (i32.add (local.get $c) (i32.add (i32.mul (local.get $i0) (local.get $ldc)) (i32.shl (local.get $full) (i32.const 2)))))
        (local.set $dst (i32.add (local.get $edge) (i32.mul (local.get $i0) (i32.const ${nr * 4}))))
        (if (local.get $acc) (then
          (local.set $r (i32.const 0))
          (block $done_in (loop $loop_in
            (br_if $done_in (i32.ge_s (local.get $r) (i32.const ${mr})))
            (memory.copy
              (i32.add (local.get $dst) (i32.mul (local.get $r) (i32.const ${nr * 4})))
              (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $ldc)))
              (local.get $w))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $loop_in)))))
        (call $micro
          (i32.add (local.get $a) (i32.mul (local.get $i0) (local.get $rsA)))
          (local.get $rsA) (local.get $csA) (local.get $bp) (local.get $dst) (i32.const ${nr * 4}) (local.get $k) (local.get $acc))
        (local.set $r (i32.const 0))
        (block $done_out (loop $loop_out
          (br_if $done_out (i32.ge_s (local.get $r) (i32.const ${mr})))
          (memory.copy
            (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $ldc)))
            (i32.add (local.get $dst) (i32.mul (local.get $r) (i32.const ${nr * 4})))
            (local.get $w))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $loop_out)))
        (local.set $i0 (i32.add (local.get $i0) (i32.const ${mr})))
        (br $loop_e)))))
  )`);
  L.push(`  (global (export "MR") i32 (i32.const ${mr}))`);
  L.push(`  (global (export "NR") i32 (i32.const ${nr}))`);
  L.push(')');
  return L.join('\n');
}
