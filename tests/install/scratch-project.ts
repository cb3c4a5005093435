import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root. */
export const workspaceRoot = fileURLToPath(new URL('../../', import.meta.url));

function run(cmd: string, args: readonly string[], options: ExecFileSyncOptions = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options }) as string;
}

/** Builds the packages whose `dist` is missing (turbo's `^build` normally did it already). */
export function ensureBuilt(dirs: readonly string[]): void {
  const missing = dirs.filter((d) => !existsSync(join(workspaceRoot, 'packages', d, 'dist', 'index.js')));
  if (missing.length === 0) return;
  const filters = missing.flatMap((d) => ['--filter', `./packages/${d}`]);
  run('pnpm', [...filters, 'run', 'build'], { cwd: workspaceRoot });
}

/** Packs `packages/<dir>` with `pnpm pack` (which rewrites `workspace:` ranges) and returns the tarball path. */
export function pack(dir: string, destination: string): string {
  mkdirSync(destination, { recursive: true });
  const before = new Set(readdirSync(destination));
  run('pnpm', ['pack', '--pack-destination', destination], { cwd: join(workspaceRoot, 'packages', dir) });
  const created = readdirSync(destination).filter((f) => f.endsWith('.tgz') && !before.has(f));
  if (created.length !== 1) throw new Error(`pnpm pack in packages/${dir} produced ${created.join(', ') || 'no tarball'}`);
  return join(destination, created[0]);
}

/** A scratch npm project in a fresh temp directory outside the workspace, with only `tarballs` installed. */
export function createScratchProject(tarballs: readonly string[]): string {
  const app = mkdtempSync(join(tmpdir(), 'rectify-install-'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', version: '1.0.0', private: true }, null, 2));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], { cwd: app });
  return app;
}

/** Runs `node <file>` in `cwd` and parses the last line of its output as JSON. */
export function runNode(cwd: string, file: string): unknown {
  const out = run(process.execPath, [file], { cwd }).trim().split('\n');
  return JSON.parse(out[out.length - 1]);
}

/** Runs the workspace's TypeScript compiler; returns its exit status and output instead of throwing. */
export function tsc(cwd: string, project: string): { status: number; output: string } {
  const bin = join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    return { status: 0, output: run(process.execPath, [bin, '-p', project], { cwd }) };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { status: err.status ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** One installed package: where it is and its package.json. */
export interface InstalledPackage {
  readonly dir: string;
  readonly manifest: { name: string; scripts?: Record<string, string> };
}

/** Every package under `node_modules` (scoped and nested ones included). */
export function installedPackages(nodeModules: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  if (!existsSync(nodeModules)) return out;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(path)) visit(join(path, scoped), out);
    } else visit(path, out);
  }
  return out;
}

function visit(dir: string, out: InstalledPackage[]): void {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return;
  out.push({ dir, manifest: JSON.parse(readFileSync(manifest, 'utf8')) });
  out.push(...installedPackages(join(dir, 'node_modules')));
}

/** Every file under `dir` whose name ends with `suffix`. */
export function filesEndingWith(dir: string, suffix: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(suffix)) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}
