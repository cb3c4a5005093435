// @ts-check
/**
 * A local TypeDoc plugin: names each module after its package (`@rectify/core`) instead of its path (`core/src`).
 * TypeDoc's "resolve" entry-point strategy names modules by path; the "packages" strategy would name them by
 * package but resolves cross-package imports through dist/, which needs a build first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Converter, ReflectionKind } from 'typedoc';

/** @param {string} file */
function packageNameFor(file) {
  let dir = dirname(file);
  while (dir !== dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) return JSON.parse(readFileSync(pkg, 'utf8')).name;
    dir = dirname(dir);
  }
  return undefined;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.children ?? []) {
      if (!mod.kindOf(ReflectionKind.Module)) continue;
      const file = mod.sources?.[0]?.fullFileName ?? resolve('packages', mod.name, 'index.ts');
      const name = packageNameFor(file);
      if (name) mod.name = name;
    }
  });
}
