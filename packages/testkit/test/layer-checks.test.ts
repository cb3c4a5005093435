import { describe, expect, it } from 'vitest';
import {
  checkLayerContract,
  checkLayerGpuAgreement,
  checkLayerGradients,
  checkLayerInputsUntouched,
  checkLayerNoAllocation,
  checkLayerOnnxAgreement,
  checkLayerSerialization,
  checkLayerState,
  layerConformanceChecks,
} from '../src/layer';
import { type LayerFlaw, sampleLayer } from './sample-layer';

describe('layer checks on a correct sample layer', () => {
  for (const check of layerConformanceChecks(sampleLayer(3))) {
    it(`${check.id} passes`, async () => {
      const result = await check.run();
      expect(result.failures).toEqual([]);
      expect(result.compared).toBeGreaterThan(0);
    });
  }
});

describe('each layer check catches the flaw it is for', () => {
  const cases: [LayerFlaw, (s: ReturnType<typeof sampleLayer>) => unknown, RegExp][] = [
    ['wrong-dx', (s) => checkLayerGradients(s), /training dx\[\d+\]: backward gives/],
    ['overwrites-grads', (s) => checkLayerGradients(s), /da\[\d+\]/],
    ['mutates-input', (s) => checkLayerInputsUntouched(s), /forward modified its input x/],
    ['allocates', (s) => checkLayerNoAllocation(s), /returned a new output array/],
    ['state-in-inference', (s) => checkLayerState(s), /an inference forward changed state m/],
    ['drops-state', (s) => checkLayerSerialization(s), /output differs/],
  ];
  for (const [flaw, run, message] of cases) {
    it(flaw, async () => {
      const result = (await run(sampleLayer(3, flaw))) as { failures: string[] };
      expect(result.failures.join('\n')).toMatch(message);
    });
  }

  it('a layer whose two builds differ fails the contract check', () => {
    const subject = sampleLayer(3);
    let seed = 0;
    const result = checkLayerContract({ ...subject, create: () => subject.create(seed++) });
    expect(result.failures.join('\n')).toMatch(/differs between two builds with the same seed/);
  });

  it('a gpu run that disagrees with the CPU fails gpu-agreement, naming the mode', async () => {
    const subject = sampleLayer(3);
    const good = sampleLayer(3);
    const result = await checkLayerGpuAgreement({
      ...subject,
      gpu: {
        modes: ['fake'],
        run(_mode, instance, x, batch, dy, training) {
          const y = Float32Array.from(instance.forward(x, batch, training, 0));
          const dx = Float32Array.from(instance.backward(dy));
          y[1] += 0.5;
          const grads = Object.fromEntries(instance.params().map((p) => [p.name, Float32Array.from(p.grad)]));
          const state = Object.fromEntries(instance.state().map((s) => [s.name, Float32Array.from(s.value)]));
          return { y, dx, grads, state };
        },
      },
    });
    expect(result.failures.join('\n')).toMatch(/fake training y\[1\]/);
    // …and the same runner without the error passes, so the failure above is the disagreement.
    const passing = await checkLayerGpuAgreement({
      ...good,
      gpu: {
        modes: ['fake'],
        run(_mode, instance, x, batch, dy, training) {
          for (const p of instance.params()) p.grad.fill(0);
          const y = Float32Array.from(instance.forward(x, batch, training, 0));
          const dx = Float32Array.from(instance.backward(dy));
          const grads = Object.fromEntries(instance.params().map((p) => [p.name, Float32Array.from(p.grad)]));
          const state = Object.fromEntries(instance.state().map((s) => [s.name, Float32Array.from(s.value)]));
          return { y, dx, grads, state };
        },
      },
    });
    expect(passing.failures).toEqual([]);
  });

  it('an onnx runner that is missing onnxruntime fails, and one that disagrees fails', async () => {
    const missing = await checkLayerOnnxAgreement({ ...sampleLayer(3), onnx: async () => undefined });
    expect(missing.failures.join('\n')).toMatch(/onnxruntime-node is not installed/);
    const off = await checkLayerOnnxAgreement({
      ...sampleLayer(3),
      onnx: async (instance, x, batch) => Float32Array.from(instance.forward(x, batch, false, 0), (v) => v + 1e-2),
    });
    expect(off.failures.join('\n')).toMatch(/y\[0\]: onnxruntime/);
  });
});
