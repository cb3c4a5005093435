import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { adam, adamw } from './adam';
import { optimizerFromConfig } from './from-config';
import { sgd } from './sgd';

describe('optimizerFromConfig', () => {
  it('round-trips every optimizer through JSON', () => {
    for (const opt of [
      sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4 }),
      adam({ learningRate: 0.02, beta1: 0.8 }),
      adamw({ weightDecay: 0.05 }),
    ]) {
      const config = JSON.parse(JSON.stringify(opt.config()));
      const rebuilt = optimizerFromConfig(config);
      expect(rebuilt.type).toBe(opt.type);
      expect(rebuilt.config()).toEqual(opt.config());
    }
  });

  it('rejects unknown types and bad fields, naming them', () => {
    expect(() => optimizerFromConfig({ type: 'rmsprop', learningRate: 0.1 })).toThrow(
      /unknown optimizer type "rmsprop"; known: sgd, adam, adamw/,
    );
    expect(() => optimizerFromConfig({ type: 'adam', learningRate: '0.1' as never })).toThrow(
      /learningRate must be a finite number/,
    );
    expect(() => optimizerFromConfig({ type: 'sgd', learningRate: 0.1, nesterov: 'yes' })).toThrow(
      /nesterov must be true or false/,
    );
    expect(() => optimizerFromConfig({ type: 'adam', learningRate: 0.1, amsgrad: true })).toThrow(/unknown option "amsgrad"/);
    expect(() => optimizerFromConfig(null as never)).toThrow(ValidationError);
  });
});
