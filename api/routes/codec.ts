// The codec server: Temporal Web UI and the CLI (`--codec-endpoint … --codec-auth …`) send the payloads they
// show to POST /codec/decode (and /codec/encode, for what they send) and get them back in clear. Served by
// the API with the same codec its client uses, to admins and auditors only: whoever may call it can read
// every name in every history. Browsers reach it cross-origin, so the Web UI's origins (CODEC_CORS_ORIGINS)
// get CORS headers; a preflight carries no token and is answered without one.
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { parseOr400 } from '../http/validate';

/** A batch of a long history's payloads (each up to 2 MB in Temporal) is larger than the API's 64 kB. */
export const CODEC_BODY_LIMIT = '8mb';
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
/** The CLI sends `{}` for no payloads (protojson leaves out an empty list). */
export const codecBody = z.strictObject({
  payloads: z.array(z.strictObject({ metadata: z.record(z.string(), base64).nullish(), data: base64.nullish() })).max(10_000).default([]),
});

type JsonPayload = z.infer<typeof codecBody>['payloads'][number];

// By hand: the SDK's payloadToJSON/JSONToPayload fail in this install (two protobufjs copies, see the README).
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
export function payloadFromJson(p: JsonPayload): Payload {
  return { metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])), data: Buffer.from(p.data ?? '', 'base64') };
}
export function payloadToJson(p: Payload): { metadata: Record<string, string>; data: string } {
  return { metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(p.data ?? new Uint8Array()) };
}

const ALLOWED_HEADERS = 'X-Namespace, Content-Type, Authorization';

function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.append('Vary', 'Origin');
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}

/** Codecs run in order on encode and in reverse on decode, as the SDK runs them. */
async function encodeAll(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  let out = payloads;
  for (const c of codecs) out = await c.encode(out);
  return out;
}

/**
 * One payload at a time: one that cannot be decoded (a key not held here, an erased person's, an altered
 * one) comes back unchanged, and the Web UI shows it encoded, instead of the whole batch failing.
 */
async function decodeEach(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  return Promise.all(payloads.map(async (p) => {
    try {
      let out = [p];
      for (const c of [...codecs].reverse()) out = await c.decode(out);
      return out[0] ?? p;
    } catch {
      return p;
    }
  }));
}

export function codecRouter(deps: ApiDeps): Router {
  const r = Router();
  const codecs = deps.temporal.options.loadedDataConverter.payloadCodecs;
  const readers = requireRole({ tokens: deps.tokens }, ['admin', 'auditor']);
  // Parsed after the token check: nobody without one gets an 8 MB body read.
  const body = express.json({ limit: CODEC_BODY_LIMIT });
  r.use('/codec', cors(deps.codecCorsOrigins ?? []));
  const route = (name: 'encode' | 'decode', run: (codecs: readonly PayloadCodec[], p: Payload[]) => Promise<Payload[]>) =>
    r.post(`/codec/${name}`, readers, body, async (req, res) => {
      const { payloads } = parseOr400(codecBody, req.body, `${name} request`);
      const out = await run(codecs, payloads.map(payloadFromJson));
      res.json({ payloads: out.map(payloadToJson) });
    });
  route('encode', encodeAll);
  route('decode', decodeEach);
  return r;
}
