/**
 * The command line of `pnpm experiment`, parsed with `node:util`'s `parseArgs`: scenario ids (or `all`),
 * `--seeds 1,2,3`, `--steps N`, `--out dir`, `--help`. Bad input is a {@link UsageError} naming the fix.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** What `pnpm experiment` was asked to do. */
export interface ExperimentArgs {
  /** `help` prints the usage and exits 0; `run` runs `ids`. */
  readonly command: 'help' | 'run';
  /** Scenario ids in the order given; `all` is expanded by the caller. */
  readonly ids: readonly string[];
  /** Seeds to run instead of each scenario's own. */
  readonly seeds?: readonly number[];
  /** Training steps per run instead of each scenario's own. */
  readonly steps?: number;
  /** Where the `.svg` and `.md` results go (absolute). */
  readonly out: string;
}

/** The command line cannot be run; the message says what is wrong and how to write it. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

/** One scenario as the usage text lists it. */
export interface ScenarioSummary {
  readonly id: string;
  readonly title: string;
}

/** The usage text: the options and every scenario. */
export function usage(scenarios: readonly ScenarioSummary[]): string {
  return [
    'usage: pnpm experiment <scenario...|all> [options]',
    '',
    'Runs playground scenarios in Node (the same code as the page) and writes <out>/<id>.svg and <out>/<id>.md.',
    '',
    'options:',
    "  --seeds 1,2,3   seeds to run (non-negative integers, comma-separated); default: each scenario's own",
    "  --steps N       training steps per run (a positive integer); default: each scenario's own",
    '  --out DIR       output directory; default: apps/playground/experiments',
    '  -h, --help      print this help',
    '',
    'scenarios:',
    ...scenarios.map((s) => `  ${s.id.padEnd(30)} ${s.title}`),
    `  ${'all'.padEnd(30)} every scenario above`,
  ].join('\n');
}

function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--${option} must be a positive integer, got "${text}"; e.g. --${option} 2000`);
  }
  return value;
}

function seedList(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((s) => !/^\d+$/.test(s) || !Number.isSafeInteger(Number(s)))) {
    throw new UsageError(`--seeds must be non-negative integers separated by commas, got "${text}"; e.g. --seeds 1,2,3`);
  }
  return parts.map(Number);
}

/**
 * Parses `argv` (without `node` and the script). Throws a {@link UsageError} for an unknown option, an option
 * without its value, a value that is not a number where one is needed, or an unknown scenario id.
 * @param argv - The arguments after the script name.
 * @param known - The scenario ids that exist.
 * @param defaultOut - The output directory when `--out` is not given.
 */
export function parseExperimentArgs(argv: readonly string[], known: readonly string[], defaultOut: string): ExperimentArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    // parseArgs says e.g. "Option '--seeds <value>' argument missing"; add the fix.
    throw new UsageError(`${(e as Error).message}; see pnpm experiment --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help', ids: [], out: defaultOut };
  const ids = positionals.filter((p) => p !== '--');
  if (ids.length === 0) throw new UsageError('name a scenario or all, e.g. pnpm experiment dead-relu; see --help');
  const unknown = ids.filter((id) => id !== 'all' && !known.includes(id));
  if (unknown.length > 0) {
    throw new UsageError(`unknown scenario ${unknown.map((u) => `"${u}"`).join(', ')}; pnpm experiment --help lists them`);
  }
  return {
    command: 'run',
    ids,
    ...(values.seeds !== undefined ? { seeds: seedList(values.seeds) } : {}),
    ...(values.steps !== undefined ? { steps: positiveInteger('steps', values.steps) } : {}),
    out: values.out !== undefined ? resolve(values.out) : defaultOut,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      seeds: { type: 'string' },
      steps: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
