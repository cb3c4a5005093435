import { ValidationError } from '@rectify/core';
import { type ConvGeometry, windowGeometry } from '../geometry';
import type { Conv2dSettings } from './plugin';

/** `conv2d(filters, kh×kw)`, how messages name the layer. */
export function convLabel(s: Pick<Conv2dSettings, 'filters' | 'kernelSize'>): string {
  return `conv2d(${s.filters}, ${s.kernelSize[0]}×${s.kernelSize[1]})`;
}

/** The layer's geometry over a per-sample input `[channels, height, width]`; a ValidationError when groups do not divide the channels. */
export function convGeometry(s: Conv2dSettings, input: readonly number[]): ConvGeometry {
  const g = windowGeometry(convLabel(s), input, {
    kernel: s.kernelSize,
    strides: s.strides,
    dilation: s.dilation,
    padding: s.padding,
  });
  if (g.channels % s.groups !== 0) {
    throw new ValidationError(
      `${convLabel(s)}: input [${input.join(', ')}] has ${g.channels} channels, not a multiple of groups (${s.groups}); change groups or the channels`,
    );
  }
  return { ...g, filters: s.filters, groups: s.groups };
}
