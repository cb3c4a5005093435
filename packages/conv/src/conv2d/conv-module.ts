import { type KernelMemory, SimdModule } from '../simd-module';
import { CONV_WASM_BASE64 } from './conv-wasm.generated';

/** The exports of the forward convolution module (scripts/conv-wat.mjs). */
export interface ConvExports {
  readonly memory: KernelMemory;
  readonly NR: { readonly value: unknown };
  pad(raw: number, xp: number, planes: number, h: number, w: number, hp: number, wp: number, top: number, left: number): void;
  forward(
    xp: number,
    imgBytes: number,
    rows: number,
    w: number,
    m: number,
    k: number,
    offs: number,
    c: number,
    np: number,
    outH: number,
    outW: number,
    wp: number,
    bias: number,
    hasBias: number,
    y: number,
    yImgBytes: number,
  ): void;
  im2col(xb: number, offs: number, k: number, outH: number, outW: number, wp: number, cols: number): void;
  col2im(dxb: number, offs: number, k: number, outH: number, outW: number, wp: number, dcols: number): void;
  crop(xp: number, dst: number, planes: number, h: number, w: number, hp: number, wp: number, top: number, left: number): void;
}

/** Must match CONV_MAX_PAGES in scripts/conv-wat.mjs (the module's memory import). */
export const CONV_MAX_PAGES = 16384;

/** The forward convolution module (imports its memory). */
export const convModule = new SimdModule<ConvExports>(CONV_WASM_BASE64, CONV_MAX_PAGES);
