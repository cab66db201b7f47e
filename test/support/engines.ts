// Both database engines the record store must run on, for describe.each: the embedded PGlite served over
// the wire by pglite-socket on a free port, and a fresh database in the suite's real PostgreSQL cluster.
// PGlite runs in a child process (db/embedded-cli.ts): its WASM loader uses a dynamic import that jest's
// module sandbox refuses, and a separate process is how a client meets a real server anyway.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase } from './databases';
import { freePort } from './postgres';

export type EngineName = 'pglite' | 'postgres';

export interface TestEngine {
  name: EngineName;
  /** As the schema owner. */
  url: string;
  /** As the app's least-privilege role; on PGlite the same session (it has one user and enforces no grants). */
  appUrl: string;
  close(): Promise<void>;
}

export interface EngineFactory {
  name: EngineName;
  start(): Promise<TestEngine>;
}

const ROOT = path.resolve(__dirname, '..', '..');

export async function startEmbeddedProcess(options: { dataDir?: string } = {}): Promise<TestEngine> {
  const port = await freePort();
  const args = ['--import', 'tsx', path.join(ROOT, 'db', 'embedded-cli.ts'), '--port', String(port)];
  if (options.dataDir) args.push('--data-dir', options.dataDir);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const { stdout, stderr: errStream } = child;
  if (!stdout || !errStream) throw new Error('embedded database: no output pipes');
  let stderr = '';
  errStream.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('embedded database did not start within 30 s')), 30_000);
    stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded database exited with ${code}: ${stderr}`));
    });
  });
  return {
    name: 'pglite',
    url,
    appUrl: url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const ENGINES: readonly EngineFactory[] = [
  { name: 'pglite', start: () => startEmbeddedProcess() },
  {
    name: 'postgres',
    async start() {
      const db = await createTestDatabase('db');
      return { name: 'postgres', url: db.url, appUrl: db.appUrl, close: () => db.drop() };
    },
  },
];
