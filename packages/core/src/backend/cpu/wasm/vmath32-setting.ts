import { KernelModeSetting } from '../kernel-switch';

/** The kernel mode shared by the float32 math modules (the exp family and the Swish/erf blocks). */
export const vmath32Setting = /* @__PURE__ */ new KernelModeSetting();
