import type { WindowGeometry } from '../geometry';

/** A window's geometry as the kernels' constants (names in kernels.ts). */
export function windowConstants(g: WindowGeometry): Record<string, number> {
  return {
    C: g.channels,
    H: g.inH,
    W: g.inW,
    OH: g.outH,
    OW: g.outW,
    KH: g.kh,
    KW: g.kw,
    SH: g.sh,
    SW: g.sw,
    PT: g.padTop,
    PL: g.padLeft,
  };
}
