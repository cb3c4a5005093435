import { identity, sigmoid, tanh } from '@rectify/core';
import { GPU } from 'gpu.js';
import { describeActivationConformance } from '../src';

// gpu.js in `cpu` mode runs the same function-parsing pipeline as the WebGL modes, so the plugins' gpu functions
// are compiled (not just called); the headless-gl mode is exercised by @rectify/gpu under xvfb.
const gpu = { GPU, mode: 'cpu' } as const;

describeActivationConformance(identity, { gpu });
describeActivationConformance(sigmoid, { gpu });
describeActivationConformance(tanh, { gpu });
