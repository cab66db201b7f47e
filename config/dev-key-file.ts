// A key the local dev stack makes for itself once and keeps in DATA_DIR (mode 0600, git-ignored with .data/,
// never printed): the audit chain's key and the payload key.
import fs from 'node:fs';
import path from 'node:path';

/** The file's trimmed contents, writing `make()` into it first when it does not exist yet. */
export function readOrCreateKeyFile(file: string, make: () => string): string {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // 'wx': two stacks starting at once must not each write a different key.
    try {
      fs.writeFileSync(file, `${make()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}
