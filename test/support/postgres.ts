// A throwaway PostgreSQL cluster (Debian's server binaries) on a free loopback port, for tests.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { waitForPort } from '../../scripts/wait-for-port';

export interface PostgresCluster {
  url: string;
  /** The superuser's password: the cluster requires one (scram-sha-256), so the log scan has a real secret to look for. */
  password: string;
  dataDir: string;
  stop(): Promise<void>;
}

function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const dir = path.join(root, v, 'bin');
    if (fs.existsSync(path.join(dir, 'postgres'))) return dir;
  }
  throw new Error('PostgreSQL server binaries not found: run `bash scripts/install-tools.sh postgres`');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

// postgres refuses to run as root; when we are root, run it as the unprivileged 'postgres' (or 'nobody') user.
function runAsUser(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    try {
      execFileSync('id', ['-u', user], { stdio: 'ignore' });
      return user;
    } catch {
      /* try next */
    }
  }
  throw new Error('running as root and no unprivileged user to run PostgreSQL as');
}

function wrap(user: string | undefined, cmd: string, args: string[]): [string, string[]] {
  return user ? ['runuser', ['-u', user, '--', cmd, ...args]] : [cmd, args];
}

/** A listening postmaster may still be starting up (57P03) or recovering: wait until a query answers. */
async function untilAcceptingQueries(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL does not answer queries after ${timeoutMs / 1000} s: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const user = runAsUser();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-pg-'));
  if (user) execFileSync('chown', ['-R', user, dataDir]);
  // A password, not trust: a test that connects without the URL's password fails, like production would.
  const password = randomBytes(18).toString('base64url');
  const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-pgpw-'));
  const pwFile = path.join(pwDir, 'pw');
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (user) execFileSync('chown', ['-R', user, pwDir]);
  const [initCmd, initArgs] = wrap(user, path.join(bin, 'initdb'), [
    '-D', dataDir, '-U', 'gatehouse', '--auth=scram-sha-256', `--pwfile=${pwFile}`, '--encoding=UTF8', '--no-sync',
  ]);
  try {
    execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
  const port = await freePort();
  const [cmd, args] = wrap(user, path.join(bin, 'postgres'), [
    '-D', dataDir, '-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
  ]);
  const proc: ChildProcess = spawn(cmd, args, { stdio: 'ignore', detached: false });
  const url = `postgres://gatehouse:${password}@127.0.0.1:${port}/postgres`;
  await waitForPort(port, { timeoutMs: 30_000, intervalMs: 100, what: 'PostgreSQL' });
  await untilAcceptingQueries(url);
  return {
    url,
    password,
    dataDir,
    async stop() {
      await new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        // Signal the postmaster itself: runuser does not forward signals to it.
        const pidFile = path.join(dataDir, 'postmaster.pid');
        const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
        if (Number.isInteger(pid)) process.kill(pid, 'SIGINT');
        else proc.kill('SIGINT');
      });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
