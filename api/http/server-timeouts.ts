// Keep-alive on the API's own server. Node closes an idle kept-alive connection after 5 s; a client (an HR
// system, a load balancer) that picks that connection for its next request just as it closes sees "socket
// closed" with nothing sent. A longer idle timeout than the clients' own (load balancers use 60 s) leaves the
// closing to them. The header timeout must exceed it, or Node cuts a slow next request on a kept connection.
import type { Server } from 'node:http';

export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function applyServerTimeouts(server: Server): Server {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  return server;
}
