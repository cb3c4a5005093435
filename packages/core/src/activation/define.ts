import { PluginError, ValidationError } from '../errors';
import { gpuFunctionProblem } from './gpu-source';
import { deriveCpuKernels, MAX_SCALAR_EXTRA_ARGUMENTS } from './scalar-kernels';
import {
  ACTIVATION_API_VERSION,
  type ActivationDefinition,
  type ActivationPlugin,
  type ActivationPluginWithReference,
  type ConfiguredActivation,
  type HyperParamSpec,
  type HyperParams,
  type Reference,
} from './contract';

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;
const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const PARAM_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]*$/;
/** An npm package name: lower case, optionally scoped, at most 214 characters. */
export const NPM_PACKAGE = /^(?=.{1,214}$)(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

function fail(name: string, part: string, problem: string): never {
  throw new PluginError(`activation plugin "${name}": ${part} ${problem}`);
}

function checkHyperSpec(plugin: string, key: string, spec: HyperParamSpec): void {
  const part = `params.${key}`;
  if (!PARAM_NAME_PATTERN.test(key)) fail(plugin, part, 'must be a camelCase identifier');
  if (typeof spec !== 'object' || spec === null) fail(plugin, part, 'must be an object with a numeric `default`');
  if (typeof spec.default !== 'number' || Number.isNaN(spec.default)) fail(plugin, `${part}.default`, 'must be a number');
  for (const bound of ['min', 'max'] as const) {
    const v = spec[bound];
    if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) fail(plugin, `${part}.${bound}`, 'must be a number');
  }
  try {
    checkHyperValue(plugin, key, spec, spec.default);
  } catch (e) {
    fail(plugin, `${part}.default`, `is outside its own range (${(e as Error).message})`);
  }
}

function checkHyperValue(plugin: string, key: string, spec: HyperParamSpec, value: unknown): number {
  const where = `${plugin}: hyper-parameter "${key}"`;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ValidationError(`${where} must be a number, got ${String(value)}`);
  }
  if (!Number.isFinite(value) && !spec.allowInfinity) {
    throw new ValidationError(`${where} must be finite, got ${value}`);
  }
  // Kernels compute in float32: a finite float64 beyond its range would act as ±Infinity there.
  if (Number.isFinite(value) && Math.abs(value) > FLOAT32_MAX) {
    throw new ValidationError(`${where} must be a float32 number (magnitude at most 3.4e38), got ${value}`);
  }
  if (spec.integer && Number.isFinite(value) && !Number.isInteger(value)) {
    throw new ValidationError(`${where} must be an integer, got ${value}`);
  }
  if (spec.min !== undefined && (value < spec.min || (spec.exclusiveMin && value === spec.min))) {
    throw new ValidationError(`${where} must be ${spec.exclusiveMin ? '>' : '>='} ${spec.min}, got ${value}`);
  }
  if (spec.max !== undefined && value > spec.max) {
    throw new ValidationError(`${where} must be <= ${spec.max}, got ${value}`);
  }
  return value;
}

function checkHelpers(plugin: string, helpers: unknown): Set<string> {
  if (helpers === undefined) return new Set();
  if (!Array.isArray(helpers)) fail(plugin, 'helpers', 'must be an array of named plain functions');
  const names = new Set<string>(helpers.map((h) => (typeof h === 'function' ? h.name : '')));
  helpers.forEach((h: unknown, i: number) => {
    const part = `helpers[${i}]${typeof h === 'function' && h.name ? ` (${h.name})` : ''}`;
    if (typeof h !== 'function' || !h.name) fail(plugin, part, 'must be a named plain function: `function erf(x) { … }`');
    const problem = gpuFunctionProblem(h, undefined, names, '');
    if (problem) fail(plugin, part, problem);
  });
  if (names.size !== helpers.length) fail(plugin, 'helpers', 'has two functions with one name');
  return names;
}

/** The scalar (or gpu) functions compile with gpu.js: plain functions of the right arity using only declared helpers. */
function checkScalarFunctions(plugin: string, field: 'scalar' | 'gpu', def: ActivationDefinition, helpers: Set<string>): void {
  const fns = def[field];
  if (typeof fns !== 'object' || fns === null) fail(plugin, field, 'must be an object with forward and backward functions');
  const hyper = Object.keys(def.params ?? {});
  const learn = Object.keys(def.learnable ?? {});
  if (hyper.length + learn.length > MAX_SCALAR_EXTRA_ARGUMENTS)
    fail(plugin, field, `functions take at most ${MAX_SCALAR_EXTRA_ARGUMENTS} hyper-parameters and learnables together`);
  const tail = [...hyper, ...learn].join(', ');
  const check = (part: string, fn: unknown, fixed: string[]) => {
    const problem = gpuFunctionProblem(
      fn,
      fixed.length + hyper.length + learn.length,
      helpers,
      [...fixed, tail].filter(Boolean).join(', '),
    );
    if (problem) fail(plugin, `${field}.${part}`, problem);
  };
  check('forward', fns.forward, ['x']);
  check('backward', fns.backward, ['x', 'y', 'dy']);
  for (const key of learn) {
    const fn = fns.paramGrads?.[key];
    if (typeof fn !== 'function')
      fail(plugin, `${field}.paramGrads.${key}`, 'is missing: every learnable parameter needs a gradient function');
    check(`paramGrads.${key}`, fn, ['x', 'y', 'dy']);
  }
}

function checkDefinition(def: ActivationDefinition): void {
  if (typeof def !== 'object' || def === null) throw new PluginError('activation plugin: the definition must be an object');
  const name = typeof def.name === 'string' ? def.name : '<unnamed>';
  if (!NAME_PATTERN.test(name)) fail(name, 'name', 'must be lower-case kebab-case such as "leaky-relu"');
  if (def.apiVersion !== ACTIVATION_API_VERSION) {
    fail(
      name,
      'apiVersion',
      `is ${String(def.apiVersion)}, but this @rectify/core implements apiVersion ${ACTIVATION_API_VERSION}; upgrade the plugin or core so they match`,
    );
  }
  if (def.version !== undefined && !/^\d+\.\d+\.\d+([-+][\w.-]+)?$/.test(def.version))
    fail(name, 'version', 'must be a semver string');
  if (def.package !== undefined && !NPM_PACKAGE.test(def.package))
    fail(name, 'package', 'must be an npm package name such as "@scope/name" or "name"');
  for (const [key, spec] of Object.entries(def.params ?? {})) checkHyperSpec(name, key, spec);
  for (const [key, spec] of Object.entries(def.learnable ?? {})) {
    if (!PARAM_NAME_PATTERN.test(key)) fail(name, `learnable.${key}`, 'must be a camelCase identifier');
    if (def.params && key in def.params) fail(name, `learnable.${key}`, 'has the same name as a hyper-parameter');
    if (typeof spec?.size !== 'function') fail(name, `learnable.${key}.size`, 'must be a function (hyper) => number');
    if (typeof spec.init !== 'function') fail(name, `learnable.${key}.init`, 'must be a function (hyper) => number');
  }
  if (def.cpu === undefined && def.scalar === undefined)
    fail(name, 'cpu', 'is required unless `scalar` functions are given: an object with forward and backward kernels');
  if (def.cpu !== undefined) {
    if (typeof def.cpu !== 'object' || def.cpu === null) fail(name, 'cpu', 'must be an object with forward and backward kernels');
    if (typeof def.cpu.forward !== 'function') fail(name, 'cpu.forward', 'must be a function (x, y, ctx) => void');
    if (typeof def.cpu.backward !== 'function') fail(name, 'cpu.backward', 'must be a function (x, y, dy, dx, ctx) => void');
  }
  const helpers = checkHelpers(name, def.helpers);
  if (def.scalar !== undefined) checkScalarFunctions(name, 'scalar', def, helpers);
  if (def.gpu !== undefined) checkScalarFunctions(name, 'gpu', def, helpers);
  for (const opt of ['initGain', 'reference'] as const) {
    if (def[opt] !== undefined && typeof def[opt] !== 'function') fail(name, opt, 'must be a function');
  }
  if (def.export?.onnx !== undefined && typeof def.export.onnx !== 'function')
    fail(name, 'export.onnx', 'must be a function (hyper) => OnnxNodeSpec');
  if (def.onnx !== undefined) {
    if (typeof def.onnx !== 'object' || def.onnx === null)
      fail(name, 'onnx', 'must be an object with export and/or import hooks');
    if (def.onnx.export !== undefined && typeof def.onnx.export !== 'function')
      fail(name, 'onnx.export', 'must be a function (hyper, learnable, input, ctx) => output tensor name');
    const imp = def.onnx.import;
    if (imp !== undefined && (!Array.isArray(imp.opTypes) || typeof imp.match !== 'function'))
      fail(name, 'onnx.import', 'must have opTypes (an array of operator types) and a match(node, graph) function');
  }
}

/**
 * Validates an activation definition and returns the plugin. Throws a {@link PluginError} naming the broken part.
 *
 * @example
 * export const square = defineActivation({
 *   name: 'square', apiVersion: 1,
 *   cpu: {
 *     forward(x, y, { length }) { for (let i = 0; i < length; i++) y[i] = x[i] * x[i]; },
 *     backward(x, _y, dy, dx, { length }) { for (let i = 0; i < length; i++) dx[i] = 2 * x[i] * dy[i]; },
 *   },
 * });
 */
export function defineActivation<const P extends string = never, const L extends string = never>(
  def: ActivationDefinition<P, L> & { readonly reference: Reference<NoInfer<P>, NoInfer<L>> },
): ActivationPluginWithReference<P, L>;
/** A definition without `reference` (the testkit then fails its reference checks: supply one). */
export function defineActivation<const P extends string = never, const L extends string = never>(
  def: ActivationDefinition<P, L>,
): ActivationPlugin<P, L>;
export function defineActivation(def: ActivationDefinition): ActivationPlugin {
  checkDefinition(def);
  const params = Object.freeze({ ...(def.params ?? {}) });
  const resolve = (hyper: Readonly<Record<string, number>> = {}): HyperParams => {
    if (typeof hyper !== 'object' || hyper === null) {
      throw new ValidationError(
        `${def.name}: hyper-parameters must be an object such as { ${Object.keys(params)[0] ?? 'name'}: 1 }`,
      );
    }
    for (const key of Object.keys(hyper)) {
      if (!Object.hasOwn(params, key)) {
        const known = Object.keys(params);
        throw new ValidationError(
          `${def.name}: unknown hyper-parameter "${key}"; ${known.length ? `known: ${known.join(', ')}` : 'it takes none'}`,
        );
      }
    }
    const out: Record<string, number> = Object.create(null);
    for (const [key, spec] of Object.entries(params)) {
      out[key] = checkHyperValue(def.name, key, spec, Object.hasOwn(hyper, key) ? hyper[key] : spec.default);
    }
    return Object.freeze(out);
  };
  const configure = (hyper?: Readonly<Record<string, number>>): ConfiguredActivation =>
    Object.freeze({ kind: 'configured-activation' as const, plugin, hyper: resolve(hyper) });
  const { name, ...rest } = def;
  const hyperKeys = Object.keys(params);
  const learnKeys = Object.keys(def.learnable ?? {});
  const plugin = Object.assign(configure, {
    ...rest,
    cpu: def.cpu ?? deriveCpuKernels(def.scalar!, hyperKeys, learnKeys),
    gpu: def.gpu ?? def.scalar,
    helpers: Object.freeze([...(def.helpers ?? [])]),
    kind: 'activation' as const,
    version: def.version ?? '0.0.0',
    displayName: def.displayName ?? def.name,
    params,
    learnable: Object.freeze({ ...(def.learnable ?? {}) }),
    resolve,
  });
  // A function's own `name` is read-only; expose the plugin's registry name instead.
  Object.defineProperty(plugin, 'name', { value: name, enumerable: true });
  return Object.freeze(plugin) as unknown as ActivationPlugin;
}

/** True when `value` is a plugin made by {@link defineActivation}. */
export function isActivationPlugin(value: unknown): value is ActivationPlugin {
  return typeof value === 'function' && (value as { kind?: unknown }).kind === 'activation';
}

/** Accepts a plugin (defaults), a configured activation, and returns the configured form. */
export function toConfigured(value: ActivationPlugin | ConfiguredActivation): ConfiguredActivation {
  return isActivationPlugin(value) ? value() : value;
}
