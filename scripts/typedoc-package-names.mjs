// @ts-check
/**
 * A local TypeDoc plugin: names each module after its package (`@rectify/core`) instead of its path (`core/src`)
 * and shows the package's README (formulas, plots, when to use it) on the module's page. Members inherited from
 * TypeScript's or Node's declarations (an error's `message`, …) get no source link: those files are not in the
 * repository the links point at.
 * TypeDoc's "resolve" entry-point strategy names modules by path; the "packages" strategy would name them by
 * package but resolves cross-package imports through dist/, which needs a build first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Converter, MinimalSourceFile, ReflectionKind } from 'typedoc';

/** @param {string} file */
function packageDirFor(file) {
  let dir = dirname(file);
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
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
      const dir = packageDirFor(file);
      if (!dir) continue;
      mod.name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
      const readme = join(dir, 'README.md');
      if (existsSync(readme)) {
        const source = new MinimalSourceFile(readFileSync(readme, 'utf8'), readme);
        mod.readme = app.converter.parseRawComment(source, context.project.files).content;
      }
    }
  });
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      for (const source of /** @type {{ sources?: { fullFileName: string, url?: string }[] }} */ (reflection).sources ?? []) {
        if (source.fullFileName.includes('/node_modules/')) source.url = undefined;
      }
    }
  });
}
