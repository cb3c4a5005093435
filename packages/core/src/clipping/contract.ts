/**
 * Gradient clipping applied after the backward pass (and the `l2` term) and before the optimizer's update, for
 * every optimizer. Either by global norm (PyTorch `torch.nn.utils.clip_grad_norm_`) or by value (`clip_grad_value_`).
 */
export type GradClip = GradClipByNorm | GradClipByValue;

/**
 * Rescales all gradients together when their global norm exceeds `maxNorm`: with `total = ‖(‖g₁‖ₚ, ‖g₂‖ₚ, …)‖ₚ`,
 * every gradient is multiplied by `maxNorm / (total + 1e-6)` when that is below 1 (PyTorch's `clip_grad_norm_`).
 */
export interface GradClipByNorm {
  /** The largest global norm let through, > 0. */
  readonly maxNorm: number;
  /** The p of the p-norm: a number ≥ 1 or `Infinity` (largest magnitude). Default 2. */
  readonly normType?: number;
}

/** Clamps every gradient element to `[−value, value]` (PyTorch's `clip_grad_value_`). */
export interface GradClipByValue {
  /** The largest magnitude let through, > 0. */
  readonly value: number;
}

/** A validated {@link GradClip}, with its defaults filled in. */
export type ResolvedGradClip = ResolvedGradClipByNorm | ResolvedGradClipByValue;

/** A validated {@link GradClipByNorm}. */
export interface ResolvedGradClipByNorm {
  /** Clipping by global norm. */
  readonly kind: 'norm';
  /** The largest global norm let through. */
  readonly maxNorm: number;
  /** The p of the p-norm (`Infinity` for the largest magnitude). */
  readonly normType: number;
}

/** A validated {@link GradClipByValue}. */
export interface ResolvedGradClipByValue {
  /** Clipping element by element. */
  readonly kind: 'value';
  /** The largest magnitude let through. */
  readonly value: number;
}
