import { PluginError } from '@rectify/core';

/**
 * Turns a plugin's gpu.js function (a `function`, a method shorthand or an arrow function) into the source of a
 * named `function` declaration gpu.js can add with `addFunction`. Renaming keeps two plugins' helpers apart.
 */
export function namedFunctionSource(fn: (...args: number[]) => number, name: string, where: string): string {
  const src = Function.prototype.toString.call(fn).trim();
  let m = /^function\s*[\w$]*\s*\(([^)]*)\)\s*\{([\s\S]*)\}$/.exec(src);
  if (m) return `function ${name}(${m[1]}) {${m[2]}}`;
  m = /^(?:\(([^)]*)\)|([\w$]+))\s*=>\s*([\s\S]*)$/.exec(src);
  if (m) {
    const params = m[1] ?? m[2];
    const body = m[3].trim();
    return body.startsWith('{') ? `function ${name}(${params}) ${body}` : `function ${name}(${params}) { return ${body}; }`;
  }
  m = /^[\w$]+\s*\(([^)]*)\)\s*\{([\s\S]*)\}$/.exec(src);
  if (m) return `function ${name}(${m[1]}) {${m[2]}}`;
  throw new PluginError(`${where}: gpu.js cannot compile this function source; write it as \`function (x, ...) { ... }\``);
}
