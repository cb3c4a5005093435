import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('./auto-mode-probe.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

function runProbe(env: NodeJS.ProcessEnv) {
  const out = execFileSync(tsx, ['--tsconfig', fileURLToPath(new URL('./tsconfig.probe.json', import.meta.url)), probe], {
    env,
    encoding: 'utf8',
  });
  return JSON.parse(out) as {
    mode: string;
    requestedMode: string;
    reason?: string;
    fallbacks: { layer: string; ranOn: string; reason: string }[];
    mismatch: number;
  };
}

describe("mode 'auto' reports what really runs", () => {
  it('without an X display it runs on webasm and says headless-gl is missing, with the install command', () => {
    const env = { ...process.env };
    delete env.DISPLAY;
    const r = runProbe(env);
    expect(r.requestedMode).toBe('auto');
    expect(r.mode).toBe('webasm');
    expect(r.reason).toMatch(/headlessgl/);
    expect(r.reason).toMatch(/DISPLAY is unset/);
    expect(r.reason).toMatch(/apt-get install -y xvfb libxi-dev libglu1-mesa-dev libglew-dev pkg-config/);
    expect(r.fallbacks).toEqual([{ layer: '*', ranOn: 'webasm', reason: r.reason }]);
    expect(r.mismatch).toBeLessThanOrEqual(1);
  }, 120_000);

  it('with a display (xvfb) it runs on headlessgl with no fallback', () => {
    if (!process.env.DISPLAY)
      throw new Error('DISPLAY is unset: run this test under `xvfb-run -a` (the package test script does)');
    const r = runProbe(process.env);
    expect(r.mode).toBe('headlessgl');
    expect(r.reason).toBeUndefined();
    expect(r.fallbacks).toEqual([]);
    expect(r.mismatch).toBeLessThanOrEqual(1);
  }, 120_000);
});
