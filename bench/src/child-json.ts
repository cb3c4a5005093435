import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a bench script (`script`, a TypeScript file under bench/src) in a Node process of its own — `node` may be
 * another Node.js — and returns the JSON it prints on its last line of output.
 * @throws Error when the process fails or its last line is not JSON (the caller reports why the row is missing).
 */
export function runChildJson<T>(node: string, script: string, args: readonly string[] = []): T {
  const out = execFileSync(node, ['--expose-gc', '--import', 'tsx', script, ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as T;
}

/** The first line of an error's message, for a table note. */
export function firstLine(e: unknown): string {
  return (e as Error).message.split('\n')[0];
}
