import { ValidationError } from '../errors';

/** Throws a ValidationError unless the fans an initializer reads are positive integers. */
export function checkFans(type: string, fanIn: number, fanOut: number, needOut: boolean): void {
  if (!Number.isInteger(fanIn) || fanIn < 1) {
    throw new ValidationError(`${type}: fanIn must be a positive integer, got ${fanIn}`);
  }
  if (needOut && (!Number.isInteger(fanOut) || fanOut < 1)) {
    throw new ValidationError(`${type}: fanOut must be a positive integer, got ${fanOut}`);
  }
}
