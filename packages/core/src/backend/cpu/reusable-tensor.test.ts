import { afterEach, describe, expect, it, vi } from 'vitest';
import { sigmoid } from '../../activations';
import { arenaOf, KernelArena } from './wasm/kernel-arena';
import { sigmoidF32Into } from './wasm/vmath32';
import { Rng } from '../../random';
import { createRegistry } from '../../registry';
import { activation } from '../../builtin-layers';
import { createCpuRunner } from './plan';
import { ReusableTensor } from './reusable-tensor';

describe('ReusableTensor', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps its buffer in the kernel heap, zero-filled, one buffer for every batch size that fits', () => {
    const r = new ReusableTensor([5, 3]);
    const a = r.get(4);
    expect(a.shape).toEqual([4, 5, 3]);
    expect(arenaOf(a.data.buffer)).toBeInstanceOf(KernelArena);
    expect(a.data.every((v) => Object.is(v, 0))).toBe(true);
    expect(a.data.byteOffset % 64).toBe(0);
    const b = r.get(2);
    expect(b.data.buffer).toBe(a.data.buffer);
    expect(b.data.byteOffset).toBe(a.data.byteOffset);
    expect(r.get(4)).toBe(a);
  });

  it('lets the CPU backend’s activation runner run its float32 kernel in place on layer buffers, with the copying path’s results', () => {
    const layer = activation(sigmoid);
    layer.build([37], { rng: new Rng(1), registry: createRegistry().registerActivation(sigmoid) });
    const input = new ReusableTensor([37]).get(9); // what a dense layer's output is
    for (let i = 0; i < input.data.length; i++) input.data[i] = Math.sin(i * 1.7) * 9;
    const want = new Float32Array(input.data.length);
    sigmoidF32Into(input.data.slice(), want, want.length);
    const instance = vi.spyOn(KernelArena.prototype, 'instance');
    const y = createCpuRunner(layer, 'layers.0', () => new Rng(0)).forward(input, true);
    expect(instance).toHaveBeenCalled();
    expect(arenaOf(y.data.buffer)).toBeInstanceOf(KernelArena);
    for (let i = 0; i < want.length; i++) expect(Object.is(y.data[i], want[i]), `element ${i}`).toBe(true);
  });
});
