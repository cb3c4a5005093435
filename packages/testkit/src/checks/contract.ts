import { ACTIVATION_API_VERSION, type ActivationPlugin, defineActivation, isActivationPlugin } from '@rectify/core';
import { buildCases } from '../cases';
import { guarded } from '../result';
import type { CheckResult, ConformanceOptions } from '../types';

/**
 * The plugin is a valid activation for this core: made by `defineActivation`, its definition passes
 * `defineActivation` again, `apiVersion` matches core's, learnable sizes are consistent, optional hooks return
 * sane values, and gpu.js functions take exactly the arguments the backend passes.
 */
export function checkContract(plugin: ActivationPlugin, options: ConformanceOptions = {}): CheckResult {
  return guarded('contract', (r) => {
    r.expect(isActivationPlugin(plugin), () => 'not an activation plugin: export the result of defineActivation(...)');
    r.expect(
      plugin.apiVersion === ACTIVATION_API_VERSION,
      () => `apiVersion is ${plugin.apiVersion} but @rectify/core implements ${ACTIVATION_API_VERSION}`,
    );
    try {
      defineActivation({ ...plugin, name: plugin.name });
      r.expect(true, () => '');
    } catch (e) {
      r.fail(`its definition no longer passes defineActivation: ${(e as Error).message}`);
    }
    const cases = buildCases(plugin, options);
    const hyperCount = Object.keys(plugin.params).length;
    const learnCount = Object.keys(plugin.learnable).length;
    for (const c of cases) {
      if (plugin.initGain) {
        const g = plugin.initGain(c.hyper);
        r.expect(Number.isFinite(g) && g > 0, () => `initGain(${c.label}) is ${g}; it must be a finite positive number`);
      }
      const onnx = plugin.export?.onnx;
      if (onnx) {
        const node = onnx(c.hyper);
        r.expect(
          typeof node?.opType === 'string' && node.opType.length > 0 && Number.isInteger(node.sinceVersion),
          () => `export.onnx(${c.label}) must return { opType: string, sinceVersion: integer }, got ${JSON.stringify(node)}`,
        );
      }
      for (const [name, values] of Object.entries(c.learnable)) {
        r.expect(values.every(Number.isFinite), () => `learnable.${name}.init(${c.label}) gives a non-finite value ${values[0]}`);
      }
    }
    if (plugin.gpu) {
      const arity = (fn: (...a: number[]) => number, fixed: number, part: string): void => {
        const want = fixed + hyperCount + learnCount;
        r.expect(
          fn.length === want,
          () =>
            `gpu.${part} takes ${fn.length} arguments but the gpu backend passes ${want} ` +
            `(${fixed} fixed, then ${hyperCount} hyper-parameters, then ${learnCount} learnable values); declare them all`,
        );
      };
      const source = (fn: (...a: number[]) => number, part: string): void => {
        r.expect(
          /^function\b/.test(Function.prototype.toString.call(fn)),
          () => `gpu.${part} must be a \`function\` expression: gpu.js cannot compile arrow functions or method shorthand`,
        );
      };
      source(plugin.gpu.forward, 'forward');
      source(plugin.gpu.backward, 'backward');
      for (const [name, fn] of Object.entries(plugin.gpu.paramGrads ?? {})) source(fn, `paramGrads.${name}`);
      arity(plugin.gpu.forward, 1, 'forward');
      arity(plugin.gpu.backward, 3, 'backward');
      for (const [name, fn] of Object.entries(plugin.gpu.paramGrads ?? {})) arity(fn, 3, `paramGrads.${name}`);
    }
  });
}
