import { type LayerConfig, ValidationError } from '@rectify/core';

/** Fails on a config field the layer does not know (a typo would otherwise be silently ignored). */
export function checkConfigKeys(config: LayerConfig, type: string, allowed: readonly string[]): void {
  for (const key of Object.keys(config)) {
    if (key !== 'type' && !allowed.includes(key)) {
      throw new ValidationError(`${type}: unknown config field "${key}"; the fields are ${allowed.join(', ')}`);
    }
  }
}

/** A number field of a JSON config, `fallback` when absent. */
export function configNumber(config: LayerConfig, type: string, name: string, fallback: number): number {
  const value = config[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    throw new ValidationError(`${type}: config field ${name} must be a number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** ε: finite and > 0 (it keeps the square root away from 0). */
export function checkEps(type: string, eps: number): number {
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps <= 0) {
    throw new ValidationError(`${type}: eps must be a finite number > 0 (PyTorch's default is 1e-5), got ${String(eps)}`);
  }
  return eps;
}

/** momentum: in [0, 1]. */
export function checkMomentum(type: string, momentum: number): number {
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
    throw new ValidationError(`${type}: momentum must be in [0, 1] (PyTorch's default is 0.1), got ${String(momentum)}`);
  }
  return momentum;
}

/** The product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * A float attribute read back from ONNX, where it was stored as float32: rounded to the 7 significant digits float32
 * holds, so that 1e-5 (stored as 9.99999974e-6) comes back as 1e-5.
 */
export function fromFloat32Attribute(value: number): number {
  return Number(value.toPrecision(7));
}
