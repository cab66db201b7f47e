// Keeps an emulator's in-memory state in a JSON file, so the dev stack's emulated tenant survives a restart
// like the Temporal server and the database do (a leaver after a restart finds the accounts a joiner made).
import fs from 'node:fs';
import path from 'node:path';

/** Request logs and issued tokens are per run; configuration comes from the constructor. */
const SKIPPED = new Set(['requests', 'tokens', 'accessTokens', 'options', 'seedGroups', 'adminSubject']);

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { __map: [...value.entries()] };
  if (value instanceof Set) return { __set: [...value.values()] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object') {
    if ('__map' in value) return new Map((value as { __map: Array<[unknown, unknown]> }).__map);
    if ('__set' in value) return new Set((value as { __set: unknown[] }).__set);
  }
  return value;
}

/** Copies saved data into the live state object, keeping its Map, Set and array instances. */
export function restoreState(target: object, saved: Record<string, unknown>): void {
  const t = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(saved)) {
    const current = t[key];
    if (current instanceof Map && value instanceof Map) {
      current.clear();
      for (const [k, v] of value) current.set(k, v);
    } else if (current instanceof Set && value instanceof Set) {
      current.clear();
      for (const v of value) current.add(v);
    } else if (Array.isArray(current) && Array.isArray(value)) {
      current.splice(0, current.length, ...value);
    } else if (typeof current !== 'function') {
      t[key] = value;
    }
  }
}

/** The state's own fields, less the per-run ones (skipped at the top level only: nested `tokens` are data). */
export function serializeState(target: object): string {
  const fields = Object.fromEntries(Object.entries(target).filter(([k, v]) => !SKIPPED.has(k) && typeof v !== 'function'));
  return JSON.stringify(fields, replacer);
}

/** Loads `file` into `target` if it exists, then writes the state back whenever it changes (checked each interval). */
export function persistState(target: object, file: string, intervalMs = 1000): { flush(): void; stop(): void } {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file)) restoreState(target, JSON.parse(fs.readFileSync(file, 'utf8'), reviver) as Record<string, unknown>);
  let last = serializeState(target);
  const flush = () => {
    const now = serializeState(target);
    if (now === last) return;
    fs.writeFileSync(`${file}.tmp`, now);
    fs.renameSync(`${file}.tmp`, file);
    last = now;
  };
  const timer = setInterval(flush, intervalMs);
  timer.unref();
  return {
    flush,
    stop() {
      clearInterval(timer);
      flush();
    },
  };
}
