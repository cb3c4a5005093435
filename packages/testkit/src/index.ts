/**
 * @packageDocumentation
 * Conformance suites for Rectify activation plugins ({@link describeActivationConformance}) and layers
 * ({@link describeLayerConformance}), one call in a vitest file; or run the checks as plain functions that return
 * {@link CheckResult}s.
 */
export { describeActivationConformance } from './describe';
export { conformanceChecks, runConformance, type ConformanceCheck } from './conformance';
export { checkContract } from './checks/contract';
export { checkHyperRoundTrip } from './checks/hyper-round-trip';
export { checkForwardMatchesReference } from './checks/forward-reference';
export { checkGradients } from './checks/gradients';
export { checkAtZero } from './checks/at-zero';
export { checkNaN, checkInfinity } from './checks/special-values';
export { checkKernelHygiene } from './checks/kernel-hygiene';
export { checkInputsUntouched } from './checks/inputs';
export { InputWriteError } from './input-guard';
export { checkNoAllocation } from './checks/allocation';
export { checkGpuAgreement } from './checks/gpu-agreement';
export { flushesSubnormals } from './checks/subnormal-flush';
export { checkScalarAgreement } from './checks/scalar-agreement';
export { finiteDifference, defaultStep, looksSmooth } from './finite-difference';
export { buildCases, channelOf, type ConformanceCase } from './cases';
export { FLOAT32_EDGES, firstDifference, mixedFloat32 } from './float32-values';
export { type ActivationRun, runActivation } from './run-activation';
export type { CheckResult, ConformanceOptions, GpuJsInstance, GpuJsKernel, GpuOption, Tolerance } from './types';
export * from './layer';
