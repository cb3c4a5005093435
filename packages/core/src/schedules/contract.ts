/**
 * A learning-rate schedule in PyTorch `torch.optim.lr_scheduler` terms: the rate after `step` scheduler steps
 * (PyTorch's `last_epoch`), from the optimizer's rate when scheduling began (`initial_lr`). Pure: the same
 * arguments always give the same rate.
 */
export interface LearningRateSchedule {
  /** The schedule's name, e.g. `step` or `cosine-warmup`. */
  readonly name: string;
  /** The learning rate after `step` scheduler steps (0 before the first one). */
  rateAt(step: number, baseRate: number): number;
}
