import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createScratchProject,
  ensureBuilt,
  filesEndingWith,
  type InstalledPackage,
  installedPackages,
  pack,
  runNode,
  tsc,
  workspaceRoot,
} from './scratch-project';

const fixtures = new URL('./fixtures/', import.meta.url);
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const;

let tarballDir: string;
let app: string;
let packages: InstalledPackage[];

beforeAll(() => {
  ensureBuilt(['core', 'relu']);
  tarballDir = mkdtempSync(join(tmpdir(), 'rectify-tarballs-'));
  const tarballs = ['core', 'relu'].map((dir) => pack(dir, tarballDir));
  app = createScratchProject(tarballs);
  for (const f of readdirSync(fixtures)) copyFileSync(new URL(f, fixtures), join(app, f));
  packages = installedPackages(join(app, 'node_modules'));
});

afterAll(() => {
  for (const dir of [app, tarballDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm i @rectify/core @rectify/relu, from packed tarballs in a project outside the workspace', () => {
  it('installs exactly those two packages: no gpu.js, no gl, no native binary, no install script', () => {
    expect(app.startsWith(workspaceRoot)).toBe(false);
    const names = packages.map((p) => p.manifest.name).sort();
    expect(names).toEqual(['@rectify/core', '@rectify/relu']);
    expect(names).not.toContain('gpu.js');
    expect(names).not.toContain('gl');
    expect(filesEndingWith(join(app, 'node_modules'), '.node')).toEqual([]);
    const withScripts = packages.filter((p) => INSTALL_SCRIPTS.some((s) => p.manifest.scripts?.[s]));
    expect(withScripts.map((p) => p.manifest.name)).toEqual([]);
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(
      Object.keys(lock.packages)
        .filter((k) => k !== '')
        .sort(),
    ).toEqual(['node_modules/@rectify/core', 'node_modules/@rectify/relu']);
  });

  it('has no workspace: ranges left in the installed manifests (pnpm pack rewrote them)', () => {
    for (const p of packages) expect(readFileSync(join(p.dir, 'package.json'), 'utf8')).not.toContain('workspace:');
  });

  it.each([['train.mjs'], ['train.cjs']])('%s imports both packages and trains a ReLU network', (file) => {
    const result = runNode(app, file) as { activation: string; before: number; after: number };
    expect(result.activation).toBe('relu');
    expect(result.after).toBeLessThan(result.before / 4);
  });

  it.each([['node16'], ['bundler']])('type-checks a consumer with moduleResolution %s', (resolution) => {
    const { status, output } = tsc(app, `tsconfig.${resolution}.json`);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('rejects a consumer with type errors (the declarations are real, not any)', () => {
    const { status, output } = tsc(app, 'tsconfig.wrong.json');
    expect(status).not.toBe(0);
    expect(output).toMatch(/wrong\.ts\(5,\d+\): error TS2345/);
    expect(output).toMatch(/wrong\.ts\(6,\d+\): error TS2322/);
  });

  it("runs the README's training example as written, against the installed packages", () => {
    const readme = readFileSync(join(workspaceRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Train a model'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code, 'README.md has a ```ts block under "## Train a model"').toBeTruthy();
    // The example ends by logging its result; print it once more as JSON for the assertion.
    const probe = '\nconsole.log(JSON.stringify({ stopReason: history.stopReason, ...model.evaluate(x, y) }));\n';
    writeFileSync(join(app, 'readme-example.mjs'), code + probe);
    const result = runNode(app, 'readme-example.mjs') as { stopReason: string; loss: number; accuracy: number };
    expect(result.stopReason).toBe('completed');
    expect(result.accuracy).toBe(1);
    expect(result.loss).toBeLessThan(0.05);
  });
});
