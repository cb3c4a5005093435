import { mse, sgd } from '@rectify/core';
import { relu } from '@rectify/relu';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpuBackend } from '../src/index';
import { buildLayers, makeData, specFor } from './fixtures';
import { requireHeadlessGl } from './require-headless-gl';

beforeAll(requireHeadlessGl);

describe('session.report is plain data', () => {
  it('survives structuredClone (postMessage from a worker) unchanged, and later reads see later transfers', () => {
    const { x, y } = makeData(16, 3, 2, 5, 'regression');
    const s = gpuBackend({ mode: 'headlessgl' }).createSession(
      specFor(buildLayers(relu, 3), 3, 2, mse(), sgd({ learningRate: 0.01 })),
    );
    s.trainStep(x, y, true);
    const report = s.report;
    const copy = structuredClone(report);
    expect(copy).toEqual(report);
    expect(copy.transfers.toHost).toBe(report.transfers.toHost);
    expect(Object.values(report).some((v) => typeof v === 'function')).toBe(false);
    s.trainStep(x, y, true);
    expect(s.report.transfers.toHost).toBe(report.transfers.toHost + 1);
    s.dispose();
  });
});
