import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../errors';
import { ARENA_SCRATCH_FLOATS, allocKernelFloats, arenaOf, KernelArena, sharedArena } from './kernel-arena';

const PAGE = 65536;

describe('KernelArena', () => {
  it('hands out zero-filled, 64-byte aligned arrays padded to 16 floats, after the scratch area', () => {
    const arena = new KernelArena(4096);
    const lengths = [1, 15, 16, 17, 0, 33, 100];
    let expected = ARENA_SCRATCH_FLOATS * 4;
    for (const n of lengths) {
      const a = arena.alloc(n);
      expect(a.length).toBe(n);
      expect(a.buffer).toBe(arena.memory.buffer);
      expect(a.byteOffset % 64).toBe(0);
      expect(a.byteOffset).toBe(expected);
      expect(a.every((v) => Object.is(v, 0))).toBe(true);
      a.fill(7);
      expected += Math.ceil(n / 16) * 64;
    }
  });

  it('rounds its memory up to whole pages and never grows it', () => {
    const arena = new KernelArena(PAGE / 4); // one page of floats + scratch: two pages
    const buffer = arena.memory.buffer;
    expect(buffer.byteLength).toBe(2 * PAGE);
    expect(arena.available).toBe((2 * PAGE) / 4 - ARENA_SCRATCH_FLOATS);
    expect(() => arena.memory.grow(1)).toThrow(); // maximum === initial
    const arrays: Float32Array[] = [];
    while (arena.available >= 16) arrays.push(arena.alloc(16).fill(arrays.length));
    expect(arena.memory.buffer).toBe(buffer);
    arrays.forEach((a, i) => {
      expect(a.byteLength).toBe(64);
      expect(a[15]).toBe(i);
    });
  });

  it('throws a ValidationError naming the size and the fix when an allocation does not fit', () => {
    const arena = new KernelArena(100);
    arena.alloc(arena.available - 16);
    arena.alloc(16);
    let caught: unknown;
    try {
      arena.alloc(1);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).code).toBe('ARENA_FULL');
    expect((caught as Error).message).toMatch(/1 floats \(16 padded\) do not fit/);
    expect((caught as Error).message).toMatch(/larger KernelArena|allocKernelFloats/);
    expect(() => arena.alloc(-1)).toThrow(ValidationError);
    expect(() => arena.alloc(1.5)).toThrow(ValidationError);
    expect(() => new KernelArena(-1)).toThrow(ValidationError);
  });

  it('finds the arena of a buffer, and only of arena buffers', () => {
    const a = new KernelArena(64);
    const b = new KernelArena(64);
    expect(arenaOf(a.alloc(3).buffer)).toBe(a);
    expect(arenaOf(b.alloc(3).buffer)).toBe(b);
    expect(arenaOf(new Float32Array(3).buffer)).toBeUndefined();
  });

  it('shares an arena only when the output is an input or overlaps none', () => {
    const arena = new KernelArena(1024);
    const x = arena.alloc(100);
    const y = arena.alloc(100);
    expect(sharedArena(x, null, y, 100)).toBe(arena);
    expect(sharedArena(x, null, x, 100)).toBe(arena);
    expect(sharedArena(x, y, y, 100)).toBe(arena);
    expect(sharedArena(x, y, x, 100)).toBe(arena);
    expect(sharedArena(x, null, x.subarray(1), 99)).toBeNull(); // partial overlap
    expect(sharedArena(x, y, y.subarray(3), 90)).toBeNull();
    expect(sharedArena(x, null, new Float32Array(100), 100)).toBeNull();
    expect(sharedArena(x, null, new KernelArena(128).alloc(100), 100)).toBeNull();
  });
});

describe('allocKernelFloats', () => {
  it('allocates from arenas, opening new chunks without detaching the views of old ones', () => {
    const first = allocKernelFloats(1000);
    first.fill(1.5);
    const firstArena = arenaOf(first.buffer);
    expect(firstArena).toBeInstanceOf(KernelArena);
    expect(first.byteOffset % 64).toBe(0);
    // Chunks of 4 MiB growing to 16 MiB: three 3·2^20-float (12 MiB) arrays cannot share one.
    const big = [0, 1, 2].map((i) => allocKernelFloats(3 << 20).fill(i));
    const buffers = new Set(big.map((a) => a.buffer));
    expect(buffers.size).toBeGreaterThanOrEqual(2);
    // A request larger than a chunk gets an arena of its own.
    const huge = allocKernelFloats(5 << 20);
    expect(huge.buffer.byteLength).toBeGreaterThanOrEqual(20 << 20);
    // Small requests go on in the chunk that was open before the arrays too large for the next chunk.
    const after = allocKernelFloats(10);
    expect(after.buffer).toBe(first.buffer);
    expect(first.length).toBe(1000);
    expect(first.byteLength).toBe(4000);
    expect(first.every((v) => v === 1.5)).toBe(true);
    big.forEach((a, i) => {
      expect(a.length).toBe(3 << 20);
      expect(a[a.length - 1]).toBe(i);
    });
    expect(after.every((v) => Object.is(v, 0))).toBe(true);
  });
});
