import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { afterEach, describe, expect, it } from 'vitest';
import { manifest, PUBLISHED, run, scratchCopy, workspaceRoot } from './workspace';

const changesetBin = join(workspaceRoot, 'node_modules', '@changesets', 'cli', 'bin.js');
let copy = '';

afterEach(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
  copy = '';
});

/** Replaces the copy's pending changesets with `changesets` (file name → front-matter bumps), then versions it. */
function versionWith(changesets: Record<string, Record<string, string>> | null): Record<string, ReturnType<typeof manifest>> {
  copy = scratchCopy();
  if (changesets) {
    for (const f of readdirSync(join(copy, '.changeset'))) if (f.endsWith('.md')) rmSync(join(copy, '.changeset', f));
    for (const [name, bumps] of Object.entries(changesets)) {
      const front = Object.entries(bumps).map(([p, b]) => `"${p}": ${b}`);
      writeFileSync(join(copy, '.changeset', `${name}.md`), `---\n${front.join('\n')}\n---\n\n${name}\n`);
    }
  }
  run(process.execPath, [changesetBin, 'version'], { cwd: copy });
  return Object.fromEntries(PUBLISHED.map((p) => [p, manifest(p, copy)]));
}

/** The range a `workspace:` range becomes when pnpm packs it, for a dependency now at `version`. */
function packedRange(range: string, version: string): string {
  const bare = range.replace(/^workspace:/, '');
  if (bare === '*') return version;
  if (bare === '^' || bare === '~') return `${bare}${version}`;
  return bare;
}

function expectReleasedTogether(after: Record<string, ReturnType<typeof manifest>>, expected: string) {
  for (const p of PUBLISHED) expect(`${p}@${after[p].version}`).toBe(`${p}@${expected}`);
  for (const p of PUBLISHED) {
    const range = after[p].peerDependencies?.['@rectify/core'];
    if (p === 'core') continue;
    expect(range, `${p} peers on @rectify/core`).toBeDefined();
    // What npm users get: the packed range accepts the core released alongside.
    expect(semver.satisfies(expected, packedRange(range as string, expected)), `${p}: ${range} accepts core ${expected}`).toBe(
      true,
    );
  }
}

describe('changeset version in a scratch copy of the workspace', () => {
  const current = manifest('core').version;

  it('a minor change to core alone moves every package to the next minor together (no 1.0.0)', () => {
    const after = versionWith({ 'core-only-minor': { '@rectify/core': 'minor' } });
    expectReleasedTogether(after, semver.inc(current, 'minor') as string);
  });

  it('a patch to one plugin releases every package as the same patch', () => {
    const after = versionWith({ 'relu-patch': { '@rectify/relu': 'patch' } });
    expectReleasedTogether(after, semver.inc(current, 'patch') as string);
  });

  it("the repository's pending changesets give one version for all packages, below 1.0.0 unless one asks for major", () => {
    const after = versionWith(null);
    const versions = new Set(PUBLISHED.map((p) => after[p].version));
    expect([...versions]).toHaveLength(1);
    const [version] = versions;
    expect(semver.gt(version, current)).toBe(true);
    const pending = readdirSync(join(workspaceRoot, '.changeset')).filter((f) => f.endsWith('.md'));
    const asksMajor = pending.some((f) => /:\s*major\s*$/m.test(readFileSync(join(workspaceRoot, '.changeset', f), 'utf8')));
    if (!asksMajor) expect(semver.major(version)).toBe(0);
    expectReleasedTogether(after, version);
  });
});
