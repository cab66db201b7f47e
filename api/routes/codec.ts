// The codec server: Temporal Web UI and the CLI (`--codec-endpoint … --codec-auth …`) send the payloads they
// show to POST /codec/decode (and /codec/encode, for what they send) and get them back in clear. Served by
// the API with the same codec its client uses, to admins and auditors only: whoever may call it can read
// every name in every history. Browsers reach it cross-origin, so the Web UI's origins (CODEC_CORS_ORIGINS)
// get CORS headers; a preflight carries no token and is answered without one.
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { JSONToPayload, payloadToJSON } from '@temporalio/common/lib/proto-utils';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { parseOr400 } from '../http/validate';

/** A batch of a long history's payloads (each up to 2 MB in Temporal) is larger than the API's 64 kB. */
export const CODEC_BODY_LIMIT = '8mb';
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
export const codecBody = z.strictObject({
  payloads: z.array(z.strictObject({ metadata: z.record(z.string(), base64).nullish(), data: base64.nullish() })).max(10_000),
});

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
      const out = await run(codecs, payloads.map((p) => JSONToPayload(p)));
      res.json({ payloads: out.map((p) => payloadToJSON(p)) });
    });
  route('encode', encodeAll);
  route('decode', decodeEach);
  return r;
}
