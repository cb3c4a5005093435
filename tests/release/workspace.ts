import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root. */
export const workspaceRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The published packages (directories under packages/), as scripts/check-packages.sh lists them. */
export const PUBLISHED = [
  'core',
  'relu',
  'leaky-relu',
  'prelu',
  'elu',
  'gpu',
  'testkit',
  'onnx',
  'norm',
  'conv',
  'recurrent',
] as const;

/** The repository the packages name in `repository`, `homepage` and README links. */
export const REPOSITORY = 'https://github.com/rectify-js/rectify';

/** A package.json as these checks read it. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  homepage?: string;
  keywords?: string[];
  files?: string[];
  bugs?: { url?: string };
  repository?: { type?: string; url?: string; directory?: string };
  publishConfig?: { access?: string; provenance?: boolean };
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dependencies?: Record<string, string>;
}

/** Reads `packages/<dir>/package.json` under `root` (the workspace by default). */
export function manifest(dir: string, root = workspaceRoot): Manifest {
  return JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
}

/** Runs a command and returns its stdout; throws with stderr when it fails. */
export function run(cmd: string, args: readonly string[], options: ExecFileSyncOptions = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options }) as string;
}

/**
 * A copy of the tracked files of the workspace (as `git ls-files` lists them, with uncommitted edits) in a fresh
 * temp directory, sharing the workspace's node_modules by a symlink.
 */
export function scratchCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'rectify-scratch-'));
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: workspaceRoot })
    .split('\0')
    .filter((f) => f !== '' && !f.includes('node_modules/'));
  for (const f of files) {
    try {
      cpSync(join(workspaceRoot, f), join(copy, f), { recursive: false });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // deleted but not yet staged
    }
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

/** The directory of a file URL. */
export function here(url: string): string {
  return dirname(fileURLToPath(url));
}
