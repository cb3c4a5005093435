/** Whether a hook returned a promise (or any thenable) that the caller must await. */
export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null | undefined)?.then === 'function';
}
