/** Words a gpu.js function may use that are not variables. */
const KEYWORDS = new Set([
  'break',
  'const',
  'continue',
  'do',
  'else',
  'false',
  'for',
  'if',
  'let',
  'return',
  'true',
  'var',
  'void',
  'while',
]);
/** Globals gpu.js translates (`Math.*`), plus values every JavaScript engine knows. */
const GLOBALS = new Set(['Math', 'NaN', 'Infinity', 'undefined']);
const TOKEN = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+|[A-Za-z_$][\w$]*|\S/g;

/** What a function's source says about it, or the first reason gpu.js could not compile it. */
export interface ParsedFunction {
  /** The declared parameter names. */
  readonly params: readonly string[];
  /** Identifiers read but not declared in the function (variables from an outer scope). */
  readonly free: readonly string[];
  /** Names called as functions that are neither `Math.*` nor declared in the function. */
  readonly calls: readonly string[];
}

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

/**
 * Adds the names a `const`/`let`/`var` statement starting at `tokens[start]` declares: the first, and each after a
 * comma outside brackets (minifiers join declarations: `let r=n*e,i=Math.exp(r)`), up to the statement's end.
 */
function declarators(tokens: readonly string[], start: number, declared: Set<string>): void {
  let depth = 0;
  let expectName = true;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (expectName && depth === 0 && /^[A-Za-z_$]/.test(t)) {
      declared.add(t);
      expectName = false;
    } else if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') {
      if (--depth < 0) return;
    } else if (depth === 0 && t === ',') expectName = true;
    else if (depth === 0 && t === ';') return;
  }
}

/**
 * Parses the source of a plain `function` (named or not) the way gpu.js needs it: returns why it cannot be
 * compiled (arrow function, method shorthand, class, async or generator, default or destructured parameters,
 * `this`), or its parameters, free variables and called names.
 */
export function parseGpuFunction(fn: (...args: number[]) => number): ParsedFunction | string {
  const source = stripComments(Function.prototype.toString.call(fn)).trim();
  if (/^(async\b|class\b)/.test(source)) return 'must be a plain `function` expression, not async or a class';
  if (!/^function\b/.test(source)) {
    return source.includes('=>') && !/^[A-Za-z_$][\w$]*\s*\(/.test(source)
      ? 'is an arrow function: gpu.js compiles only `function` expressions, write `function name(x, …) { … }`'
      : 'is method shorthand (`name(x) { … }`): gpu.js compiles only `function` expressions, write `name: function name(x, …) { … }`';
  }
  if (/^function\s*\*/.test(source)) return 'is a generator: gpu.js compiles only plain `function` expressions';
  const open = source.indexOf('(');
  const close = source.indexOf(')', open);
  const bodyStart = source.indexOf('{', close);
  if (open < 0 || close < 0 || bodyStart < 0) return 'could not be parsed as `function name(x, …) { … }`';
  const rawParams = source.slice(open + 1, close).trim();
  const params = rawParams === '' ? [] : rawParams.split(',').map((p) => p.trim());
  const badParam = params.find((p) => !/^[A-Za-z_$][\w$]*$/.test(p));
  if (badParam !== undefined)
    return `has the parameter \`${badParam}\`: gpu.js takes plain names only (no defaults, rest or destructuring)`;
  const tokens = source.slice(bodyStart).match(TOKEN) ?? [];
  const declared = new Set(params);
  for (let i = 0; i < tokens.length; i++) {
    if (/^(const|let|var)$/.test(tokens[i]!)) declarators(tokens, i + 1, declared);
  }
  const free = new Set<string>();
  const calls = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!/^[A-Za-z_$]/.test(t) || KEYWORDS.has(t) || declared.has(t)) continue;
    if (tokens[i - 1] === '.') continue; // a property: Math.exp
    if (t === 'this') return 'uses `this`: plugin functions receive everything as arguments';
    if (t === 'function') return 'declares a nested function: declare it as a helper instead';
    if (GLOBALS.has(t)) continue;
    if (tokens[i + 1] === '(') calls.add(t);
    else free.add(t);
  }
  return { params, free: [...free], calls: [...calls] };
}

/**
 * Why `fn` cannot be compiled by gpu.js as a plugin function taking `arity` arguments that may call `helpers`, or
 * undefined when it can (as far as its source shows).
 */
export function gpuFunctionProblem(
  fn: unknown,
  arity: number | undefined,
  helpers: ReadonlySet<string>,
  argumentsHint: string,
): string | undefined {
  if (typeof fn !== 'function') return 'must be a plain `function` expression';
  const parsed = parseGpuFunction(fn as (...args: number[]) => number);
  if (typeof parsed === 'string') return parsed;
  if (arity !== undefined && parsed.params.length !== arity) {
    return `takes ${parsed.params.length} arguments but is called with ${arity} (${argumentsHint}); declare them all, unused ones too`;
  }
  const undeclared = parsed.calls.filter((c) => !helpers.has(c));
  if (undeclared.length > 0) {
    return `calls ${undeclared.map((c) => `${c}()`).join(', ')}, which ${undeclared.length > 1 ? 'are' : 'is'} not a declared helper: list ${undeclared.length > 1 ? 'them' : 'it'} in \`helpers\` (named plain functions) so gpu.js can compile ${undeclared.length > 1 ? 'them' : 'it'} too`;
  }
  const free = parsed.free.filter((v) => !helpers.has(v));
  if (free.length > 0) {
    return `reads ${free.map((v) => `\`${v}\``).join(', ')} from outside the function: gpu.js sees only its arguments and locals; pass the value as a hyper-parameter or write it as a literal`;
  }
  return undefined;
}
