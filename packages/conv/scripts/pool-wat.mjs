/**
 * Generates the WebAssembly text of @rectify/conv's SIMD max pooling for the 2×2 window with stride 2 and no
 * padding (LeNet's), four outputs per step.
 *
 * Eight floats of the window's top row and eight of its bottom row are split into the windows' four corners
 * (top-left, top-right, bottom-left, bottom-right as lanes of four vectors), then the maximum is chosen in that
 * row-major order exactly as the JavaScript loop does: a later corner replaces the best only when `!(v <= best)`
 * and the best is not yet a NaN. Ties keep the first corner (PyTorch's gradient goes there) and a NaN wins. The
 * flat input index of the chosen corner is written beside each output.
 *
 * Export (addresses in bytes): `maxPool2x2(x, y, argmax, planes, inH, inW, outH, outW)`; rows are read up to 8
 * floats past the last window (the caller leaves that much room), outputs past `outW` in a row are not written.
 */

/** The module text. */
export function poolWat() {
  const even = '0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27';
  const odd = '4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31';
  const corner = (v, off) => `
        (local.set $take (v128.and (f32x4.eq (local.get $best) (local.get $best)) (v128.not (f32x4.le (local.get ${v}) (local.get $best)))))
        (local.set $best (v128.bitselect (local.get ${v}) (local.get $best) (local.get $take)))
        (local.set $at (v128.bitselect (i32x4.add (local.get $base) ${off}) (local.get $at) (local.get $take)))`;
  const store = (lane) => `
          (if (i32.gt_s (local.get $n) (i32.const ${lane})) (then
            (v128.store32_lane offset=${lane * 4} ${lane} (local.get $py) (local.get $best))
            (v128.store32_lane offset=${lane * 4} ${lane} (local.get $pa) (local.get $at))))`;
  return `(module
  (memory (export "memory") 1)
  (func (export "maxPool2x2") (param $x i32) (param $y i32) (param $argmax i32) (param $planes i32) (param $inH i32) (param $inW i32) (param $outH i32) (param $outW i32)
    (local $p i32) (local $i i32) (local $j i32) (local $n i32) (local $top i32) (local $bottom i32) (local $rowIndex i32) (local $py i32) (local $pa i32)
    (local $t0 v128) (local $t1 v128) (local $b0 v128) (local $b1 v128) (local $tl v128) (local $tr v128) (local $bl v128) (local $br v128)
    (local $best v128) (local $at v128) (local $take v128) (local $base v128) (local $right v128) (local $below v128) (local $belowRight v128)
    (local.set $right (i32x4.splat (i32.const 1)))
    (local.set $below (i32x4.splat (local.get $inW)))
    (local.set $belowRight (i32x4.splat (i32.add (local.get $inW) (i32.const 1))))
    (local.set $py (local.get $y))
    (local.set $pa (local.get $argmax))
    (local.set $p (i32.const 0))
    (block $done_p (loop $loop_p
      (br_if $done_p (i32.ge_s (local.get $p) (local.get $planes)))
      (local.set $i (i32.const 0))
      (block $done_i (loop $loop_i
        (br_if $done_i (i32.ge_s (local.get $i) (local.get $outH)))
        ;; flat index of the row's first top-left corner
        (local.set $rowIndex (i32.mul (i32.add (i32.mul (local.get $p) (local.get $inH)) (i32.shl (local.get $i) (i32.const 1))) (local.get $inW)))
        (local.set $top (i32.add (local.get $x) (i32.shl (local.get $rowIndex) (i32.const 2))))
        (local.set $bottom (i32.add (local.get $top) (i32.shl (local.get $inW) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $done_j (loop $loop_j
          (br_if $done_j (i32.ge_s (local.get $j) (local.get $outW)))
          (local.set $t0 (v128.load align=4 (local.get $top)))
          (local.set $t1 (v128.load offset=16 align=4 (local.get $top)))
          (local.set $b0 (v128.load align=4 (local.get $bottom)))
          (local.set $b1 (v128.load offset=16 align=4 (local.get $bottom)))
          (local.set $tl (i8x16.shuffle ${even} (local.get $t0) (local.get $t1)))
          (local.set $tr (i8x16.shuffle ${odd} (local.get $t0) (local.get $t1)))
          (local.set $bl (i8x16.shuffle ${even} (local.get $b0) (local.get $b1)))
          (local.set $br (i8x16.shuffle ${odd} (local.get $b0) (local.get $b1)))
          (local.set $base (i32x4.add (i32x4.splat (i32.add (local.get $rowIndex) (i32.shl (local.get $j) (i32.const 1)))) (v128.const i32x4 0 2 4 6)))
          (local.set $best (local.get $tl))
          (local.set $at (local.get $base))${corner('$tr', '(local.get $right)')}${corner('$bl', '(local.get $below)')}${corner('$br', '(local.get $belowRight)')}
          (local.set $n (i32.sub (local.get $outW) (local.get $j)))
          (if (i32.ge_s (local.get $n) (i32.const 4))
            (then
              (v128.store align=4 (local.get $py) (local.get $best))
              (v128.store align=4 (local.get $pa) (local.get $at))
              (local.set $n (i32.const 4)))
            (else${store(0)}${store(1)}${store(2)}))
          (local.set $py (i32.add (local.get $py) (i32.shl (local.get $n) (i32.const 2))))
          (local.set $pa (i32.add (local.get $pa) (i32.shl (local.get $n) (i32.const 2))))
          (local.set $top (i32.add (local.get $top) (i32.const 32)))
          (local.set $bottom (i32.add (local.get $bottom) (i32.const 32)))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $loop_j)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $loop_i)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $loop_p)))
  )
)`;
}
