import { InputWriteError } from './input-guard';
import type { CheckResult } from './types';

const MAX_FAILURES = 20;

/** Collects comparisons and failures of one check; keeps the first 20 failure messages and counts the rest. */
export class ResultBuilder {
  private readonly failures: string[] = [];
  private readonly notes: string[] = [];
  private compared = 0;
  private dropped = 0;

  constructor(private readonly id: string) {}

  /** Records one comparison; when `ok` is false, records `message()` as a failure. */
  expect(ok: boolean, message: () => string): boolean {
    this.compared++;
    if (!ok) this.fail(message());
    return ok;
  }

  /** Records a failure that is not a comparison (a thrown kernel, a missing piece). */
  fail(message: string): void {
    if (this.failures.length < MAX_FAILURES) this.failures.push(message);
    else this.dropped++;
  }

  /** Records something the check left out on purpose. */
  note(message: string): void {
    if (!this.notes.includes(message)) this.notes.push(message);
  }

  /** The final result; a check that compared nothing and failed nothing fails, so it can never pass vacuously. */
  done(): CheckResult {
    const failures = [...this.failures];
    if (this.dropped) failures.push(`… and ${this.dropped} more failures`);
    if (this.compared === 0 && failures.length === 0) failures.push('no comparison was made: the check had nothing to test');
    return { id: this.id, failures, compared: this.compared, notes: [...this.notes] };
  }
}

/** Runs `body`, turning a thrown error into a failure of the check. */
export function guarded(id: string, body: (r: ResultBuilder) => void): CheckResult {
  const r = new ResultBuilder(id);
  try {
    body(r);
  } catch (e) {
    // An input write is its own diagnosis: whatever this check would have compared was computed from mutated inputs.
    if (e instanceof InputWriteError) r.fail(`${e.message} (the \`inputs\` check reports every case)`);
    else r.fail(`threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  return r.done();
}
