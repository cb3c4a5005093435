import { PluginError } from '@rectify/core';

const paramsBySource = new Map<string, readonly string[]>();

/** The parameter names of a gpu.js kernel source `function (a, b) { ... }`, parsed once per source. */
function kernelParams(source: string, where: string): readonly string[] {
  let names = paramsBySource.get(source);
  if (names) return names;
  const m = /^\s*function\s*[\w$]*\s*\(([^)]*)\)/.exec(source);
  if (!m) throw new PluginError(`${where}: a kernel source must start with \`function (args) {\`, got "${source.slice(0, 40)}…"`);
  names = Object.freeze(
    m[1]
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
  paramsBySource.set(source, names);
  return names;
}

/**
 * Orders named kernel arguments as the kernel function's parameters: hyper-parameters and arrays reach gpu.js
 * code by name, never by position. A parameter without an argument, or an argument without a parameter, is a
 * PluginError naming both lists.
 */
export function bindArgs(source: string, args: Readonly<Record<string, unknown>>, where: string): unknown[] {
  const names = kernelParams(source, where);
  const given = Object.keys(args);
  const missing = names.filter((n) => !Object.hasOwn(args, n));
  if (missing.length > 0 || given.length !== names.length) {
    const extra = given.filter((n) => !names.includes(n));
    throw new PluginError(
      `${where}: kernel arguments do not match its parameters (${names.join(', ')})${missing.length ? `; missing: ${missing.join(', ')}` : ''}${extra.length ? `; unknown: ${extra.join(', ')}` : ''}`,
    );
  }
  return names.map((n) => args[n]);
}
