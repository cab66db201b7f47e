// Waits until something accepts TCP connections on a port: a server this process has just spawned.
import net from 'node:net';

export async function waitForPort(port: number, o: { host?: string; timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<void> {
  const { host = '127.0.0.1', timeoutMs = 60_000, intervalMs = 200, what = 'a server' } = o;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, host, () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} is not listening on ${host}:${port} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
