import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED, REPOSITORY, run, workspaceRoot } from './workspace';

interface JsonReflection {
  name: string;
  kind: number;
  readme?: { kind: string; text: string }[];
  sources?: { fileName: string; url?: string }[];
  children?: JsonReflection[];
  signatures?: JsonReflection[];
}

const MODULE = 2; // ReflectionKind.Module
let out = '';
let project: JsonReflection;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'rectify-typedoc-'));
  const typedoc = join(workspaceRoot, 'node_modules', 'typedoc', 'bin', 'typedoc');
  run(process.execPath, [typedoc, '--json', join(out, 'api.json')], { cwd: workspaceRoot });
  project = JSON.parse(readFileSync(join(out, 'api.json'), 'utf8')) as JsonReflection;
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

function* walk(r: JsonReflection): Generator<JsonReflection> {
  yield r;
  for (const c of [...(r.children ?? []), ...(r.signatures ?? [])]) yield* walk(c);
}

describe('the TypeDoc site', () => {
  it("shows each package's README on its module page", () => {
    const modules = (project.children ?? []).filter((c) => c.kind === MODULE);
    expect(modules.map((m) => m.name).sort()).toEqual(PUBLISHED.map((p) => `@rectify/${p}`).sort());
    for (const m of modules) {
      const text = (m.readme ?? []).map((part) => part.text).join('');
      const readme = readFileSync(join(workspaceRoot, 'packages', m.name.slice('@rectify/'.length), 'README.md'), 'utf8');
      // The first heading and the last line of the README both made it onto the page.
      const lines = readme.trim().split('\n');
      expect(text, m.name).toContain(lines[0]);
      expect(text, m.name).toContain(lines[lines.length - 1].slice(0, 40));
    }
  });

  it('links every source to a file that exists in the repository, at the line it names', () => {
    const urls = new Set<string>();
    for (const r of walk(project)) for (const s of r.sources ?? []) if (s.url) urls.add(s.url);
    expect(urls.size).toBeGreaterThan(50);
    const prefix = `${REPOSITORY}/blob/main/`;
    for (const url of urls) {
      expect(url.startsWith(prefix), url).toBe(true);
      const [path, line] = url.slice(prefix.length).split('#L');
      const file = join(workspaceRoot, path);
      expect(existsSync(file), url).toBe(true);
      expect(Number(line), url).toBeLessThanOrEqual(readFileSync(file, 'utf8').split('\n').length);
    }
  });
});
