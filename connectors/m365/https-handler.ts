// The last link of the Graph client's middleware chain when an extra CA must be trusted (the emulator's).
// The stock HTTPMessageHandler calls the global fetch (undici), which takes a CA only through an undici
// Agent `dispatcher`, and undici is not a dependency here; node:https takes `ca` directly. So this handler
// sends the request with node:https and hands the client a standard fetch Response.
import { request as httpsRequest, type Agent } from 'node:https';
import { request as httpRequest } from 'node:http';
import { type Context, type Middleware } from '@microsoft/microsoft-graph-client';

const REQUEST_TIMEOUT_MS = 30_000; // a hung call becomes a transport error, which Temporal retries

type Body = string | Buffer | Uint8Array | ArrayBuffer | null | undefined;

function bodyBytes(body: unknown): Buffer | undefined {
  const b = body as Body;
  if (b === null || b === undefined) return undefined;
  if (typeof b === 'string') return Buffer.from(b, 'utf8');
  if (b instanceof ArrayBuffer) return Buffer.from(b);
  if (b instanceof Uint8Array) return Buffer.from(b);
  // Streams and form data are for file uploads, which JML never does.
  throw new Error('M365 connector: unsupported request body type');
}

function requestHeaders(init: Context['options']): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

export class CaTrustingHttpHandler implements Middleware {
  constructor(private readonly agent: Agent) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : (context.request as Request).url;
    context.response = await this.send(new URL(url), context.options);
  }

  private send(url: URL, init: Context['options']): Promise<Response> {
    const body = bodyBytes(init?.body);
    const headers = requestHeaders(init);
    if (body) headers['content-length'] = String(body.length);
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const req = send(
        url,
        { method: init?.method ?? 'GET', headers, agent: secure ? this.agent : undefined, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const out = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              if (Array.isArray(v)) v.forEach((x) => out.append(k, x));
              else if (v !== undefined) out.set(k, v);
            }
            const status = res.statusCode ?? 502;
            // A fetch Response may not carry a body with these statuses.
            const noBody = status === 204 || status === 205 || status === 304;
            resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: out }));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`request to ${url.host} timed out after ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
