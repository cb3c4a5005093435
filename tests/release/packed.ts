import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, workspaceRoot } from './workspace';

/** Packs `packages/<dir>` as `pnpm publish` would and unpacks it; returns the directory holding its files. */
export function packAndUnpack(dir: string): string {
  const out = mkdtempSync(join(tmpdir(), `rectify-packed-${dir}-`));
  run('pnpm', ['pack', '--pack-destination', out], { cwd: join(workspaceRoot, 'packages', dir) });
  const tarballs = readdirSync(out).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`pnpm pack in packages/${dir} produced ${tarballs.join(', ') || 'no tarball'}`);
  const unpacked = join(out, 'unpacked');
  mkdirSync(unpacked);
  run('tar', ['-xzf', join(out, tarballs[0]), '-C', unpacked]);
  return join(unpacked, 'package');
}

/** Every link and image target of a Markdown document: `[text](url)`, `![alt](url)` and HTML `src`/`href`. */
export function markdownLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const links: string[] = [];
  for (const m of withoutCode.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push(m[1]);
  for (const m of withoutCode.matchAll(/\b(?:src|href)="([^"]+)"/g)) links.push(m[1]);
  for (const m of withoutCode.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) links.push(m[1]);
  return links;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}
