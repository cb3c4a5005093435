import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ModelStore } from './contract';

/**
 * Keeps the model in the file `path` (Node). Saving is atomic: the text goes to a temporary file beside it, which
 * is flushed to disk and then renamed over `path`, so a crash or a failed write never leaves a half-written file or
 * destroys the previous one.
 */
export function fileStore(path: string): ModelStore {
  return Object.freeze({
    url: `file:${path}`,
    async save(json: string) {
      const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        const handle = await open(temp, 'wx');
        try {
          await handle.writeFile(json, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, path);
      } catch (e) {
        await unlink(temp).catch(() => undefined);
        throw e;
      }
    },
    load: () => readFile(path, 'utf8'),
  });
}
