import type { ActivationPlugin } from '@rectify/core';
import { elu } from '@rectify/elu';
import { leakyRelu } from '@rectify/leaky-relu';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { swish } from 'rectify-plugin-swish';

/** The activation plugins the playground installs on top of core's baselines, the third-party Swish included. */
export const playgroundPlugins: readonly ActivationPlugin[] = [relu, leakyRelu, prelu, elu, swish];
