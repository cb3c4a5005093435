import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headingAnchor, markdownLinks, packAndUnpack } from './packed';
import { manifest, PUBLISHED, REPOSITORY, workspaceRoot } from './workspace';

const BLOB = `${REPOSITORY}/blob/main/`;
const TREE = `${REPOSITORY}/tree/main/`;
const RAW = 'https://raw.githubusercontent.com/rectify-js/rectify/main/';
const rootLicense = readFileSync(join(workspaceRoot, 'LICENSE'), 'utf8');

const packed: Record<string, string> = {};

beforeAll(() => {
  for (const p of PUBLISHED) packed[p] = packAndUnpack(p);
});

afterAll(() => {
  for (const dir of Object.values(packed)) rmSync(dirname(dirname(dir)), { recursive: true, force: true });
});

/** The anchors of a Markdown file's headings. */
function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => headingAnchor(m[1])));
}

/** Why a link of a packed README does not work on the npm page, or undefined when it does. */
function brokenLink(link: string, readme: string): string | undefined {
  if (link.startsWith('#')) return anchorsOf(readme).has(link.slice(1)) ? undefined : 'no such heading';
  if (!/^https:\/\//.test(link)) return 'relative (npm shows the README away from the repository)';
  const [url, anchor] = link.split('#');
  const inRepo = [BLOB, TREE, RAW].find((prefix) => url.startsWith(prefix));
  if (!inRepo) {
    if (url === REPOSITORY) return anchor === undefined || anchor === 'readme' ? undefined : `unknown anchor #${anchor}`;
    return url.startsWith(REPOSITORY) ? 'a repository URL of an unknown form' : undefined; // other sites
  }
  const path = join(workspaceRoot, decodeURIComponent(url.slice(inRepo.length)));
  if (!existsSync(path)) return 'no such file in the repository';
  if (inRepo === TREE && !statSync(path).isDirectory()) return 'a tree/ URL of a file';
  if (inRepo !== TREE && statSync(path).isDirectory()) return 'a blob/ or raw URL of a directory';
  if (anchor && path.endsWith('.md') && !anchorsOf(path).has(anchor)) return `no heading #${anchor}`;
  return undefined;
}

describe.each(PUBLISHED.map((p) => [p]))('the packed @rectify/%s', (p) => {
  it('carries the MIT LICENSE of the repository', () => {
    expect(readFileSync(join(packed[p], 'LICENSE'), 'utf8')).toBe(rootLicense);
    expect(rootLicense).toMatch(/^MIT License/);
    expect(manifest(p).license).toBe('MIT');
  });

  it('names its repository (with directory), homepage, bugs and keywords, and publishes with provenance', () => {
    const m = JSON.parse(readFileSync(join(packed[p], 'package.json'), 'utf8')) as ReturnType<typeof manifest>;
    expect(m.repository).toEqual({ type: 'git', url: `git+${REPOSITORY}.git`, directory: `packages/${p}` });
    expect(existsSync(join(workspaceRoot, m.repository?.directory ?? '', 'package.json'))).toBe(true);
    expect(m.homepage).toBe(`${TREE}packages/${p}#readme`);
    expect(m.bugs?.url).toBe(`${REPOSITORY}/issues`);
    expect(m.keywords?.length).toBeGreaterThanOrEqual(3);
    expect(m.publishConfig).toEqual({ access: 'public', provenance: true });
  });

  it('has a README whose every link and image works away from the repository', () => {
    const readme = join(packed[p], 'README.md');
    const links = markdownLinks(readFileSync(readme, 'utf8'));
    expect(links.length).toBeGreaterThan(0);
    const broken = links.map((l) => [l, brokenLink(l, readme)]).filter(([, why]) => why !== undefined);
    expect(broken).toEqual([]);
  });
});

describe('the link checker', () => {
  it('rejects what broke on npm and accepts what works', () => {
    const readme = join(workspaceRoot, 'packages', 'relu', 'README.md');
    expect(brokenLink('docs/relu.svg', readme)).toMatch(/relative/);
    expect(brokenLink('../../README.md', readme)).toMatch(/relative/);
    expect(brokenLink(`${RAW}packages/relu/docs/missing.svg`, readme)).toMatch(/no such file/);
    expect(brokenLink(`${BLOB}docs/numerics.md#no-such-heading`, readme)).toMatch(/no heading/);
    expect(brokenLink(`${RAW}packages/relu/docs/relu.svg`, readme)).toBeUndefined();
    expect(brokenLink(`${TREE}packages/testkit`, readme)).toBeUndefined();
  });
});
