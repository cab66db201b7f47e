// Each HR vendor's own webhook scheme (REFERENCE.md "HR systems"), checked on the raw bytes before anything
// parses them, every comparison timing-safe; then its thin payload read for what to fetch and how to dedupe.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { vendorHint, type HrVendor, type VendorHint } from '../../domain/hr-vendors';

export type VendorCheck = { ok: true } | { ok: false; reason: string };

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** Equal-length digests compared in constant time; a presented value of another length never matches. */
export function sameBytes(expected: Buffer, presented: Buffer): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b) && expected.length === presented.length;
}

const hmac = (alg: 'sha256' | 'sha512', secret: string, ...parts: Array<string | Buffer>) => {
  const m = createHmac(alg, secret);
  for (const p of parts) m.update(p);
  return m.digest();
};
const hex = (s: string | undefined) => (s && /^[0-9a-f]+$/i.test(s) && s.length % 2 === 0 ? Buffer.from(s, 'hex') : null);
const b64 = (s: string | undefined) => (s && /^[A-Za-z0-9+/]+={0,2}$/.test(s) ? Buffer.from(s, 'base64') : null);

export function verifyVendorSignature(vendor: HrVendor, headers: IncomingHttpHeaders, raw: Buffer, secret: string, secretLabel?: string): VendorCheck {
  const bad = (reason: string): VendorCheck => ({ ok: false, reason });
  switch (vendor) {
    case 'bamboohr': {
      // hex HMAC-SHA256(private key, raw body + X-BambooHR-Timestamp), no separator.
      const sig = hex(header(headers, 'x-bamboohr-signature'));
      const ts = header(headers, 'x-bamboohr-timestamp');
      if (!sig || !ts) return bad('X-BambooHR-Signature and X-BambooHR-Timestamp are required');
      return sameBytes(hmac('sha256', secret, raw, ts), sig) ? { ok: true } : bad('X-BambooHR-Signature does not match');
    }
    case 'hibob': {
      // base64 HMAC-SHA512(secret, raw body).
      const sig = b64(header(headers, 'bob-signature'));
      if (!sig) return bad('Bob-Signature is required');
      return sameBytes(hmac('sha512', secret, raw), sig) ? { ok: true } : bad('Bob-Signature does not match');
    }
    case 'personio': {
      // No HMAC: the static token chosen at registration, in Authorization (optionally "Bearer <token>").
      const auth = header(headers, 'authorization')?.replace(/^Bearer\s+/i, '');
      if (!auth) return bad('Authorization (the webhook token) is required');
      return sameBytes(Buffer.from(secret), Buffer.from(auth)) ? { ok: true } : bad('the webhook token does not match');
    }
    case 'gusto': {
      // hex HMAC-SHA256(verification token, raw body).
      const sig = hex(header(headers, 'x-gusto-signature'));
      if (!sig) return bad('X-Gusto-Signature is required');
      return sameBytes(hmac('sha256', secret, raw), sig) ? { ok: true } : bad('X-Gusto-Signature does not match');
    }
    case 'deel': {
      // hex HMAC-SHA256(key, "POST" + raw body); x-deel-hmac-label names the key.
      const sig = hex(header(headers, 'x-deel-signature'));
      if (!sig) return bad('x-deel-signature is required');
      const label = header(headers, 'x-deel-hmac-label');
      if (secretLabel && label !== undefined && label !== secretLabel) return bad('x-deel-hmac-label names another key');
      return sameBytes(hmac('sha256', secret, 'POST', raw), sig) ? { ok: true } : bad('x-deel-signature does not match');
    }
  }
}

const vendorId = z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'an employee id of letters, digits, dot, dash or underscore'));
const eventKey = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);

/** The thin payloads, loose: vendors add fields. What matters is who changed and, where given, the event id. */
const payloads = {
  bamboohr: z.object({ employees: z.array(z.object({ id: vendorId, action: z.string().optional() }).loose()).min(1).max(100) }).loose(),
  hibob: z.object({ type: z.string(), data: z.object({ employeeId: vendorId }).loose() }).loose(),
  personio: z.object({ type: z.string().optional(), event: z.string().optional(), id: eventKey.optional(), data: z.object({ employee_id: vendorId }).loose() }).loose(),
  gusto: z.object({ uuid: eventKey, event_type: z.string(), entity_type: z.string().optional(), entity_uuid: vendorId }).loose(),
  deel: z.object({ data: z.object({ meta: z.object({ event_type: z.string(), tracking_id: eventKey.optional() }).loose(), resource: z.object({ id: vendorId }).loose() }).loose() }).loose(),
};

export interface VendorDelivery {
  /** The vendor's event id where it has one, else a digest of the delivery. */
  deliveryKey: string;
  hint: VendorHint;
  employeeIds: string[];
}

export function readVendorPayload(vendor: HrVendor, raw: Buffer, body: unknown): { ok: true; delivery: VendorDelivery } | { ok: false; errors: z.ZodError } {
  const digest = createHash('sha256').update(raw).digest('hex').slice(0, 40);
  switch (vendor) {
    case 'bamboohr': {
      const p = payloads.bamboohr.safeParse(body);
      if (!p.success) return { ok: false, errors: p.error };
      const created = p.data.employees.every((e) => /created/i.test(e.action ?? ''));
      return { ok: true, delivery: { deliveryKey: digest, hint: created ? 'joined' : 'updated', employeeIds: [...new Set(p.data.employees.map((e) => e.id))] } };
    }
    case 'hibob': {
      const p = payloads.hibob.safeParse(body);
      if (!p.success) return { ok: false, errors: p.error };
      return { ok: true, delivery: { deliveryKey: digest, hint: vendorHint(p.data.type), employeeIds: [p.data.data.employeeId] } };
    }
    case 'personio': {
      const p = payloads.personio.safeParse(body);
      if (!p.success) return { ok: false, errors: p.error };
      return { ok: true, delivery: { deliveryKey: p.data.id ?? digest, hint: vendorHint(p.data.type ?? p.data.event), employeeIds: [p.data.data.employee_id] } };
    }
    case 'gusto': {
      const p = payloads.gusto.safeParse(body);
      if (!p.success) return { ok: false, errors: p.error };
      return { ok: true, delivery: { deliveryKey: p.data.uuid, hint: vendorHint(p.data.event_type), employeeIds: [p.data.entity_uuid] } };
    }
    case 'deel': {
      const p = payloads.deel.safeParse(body);
      if (!p.success) return { ok: false, errors: p.error };
      return { ok: true, delivery: { deliveryKey: p.data.data.meta.tracking_id ?? digest, hint: vendorHint(p.data.data.meta.event_type), employeeIds: [p.data.data.resource.id] } };
    }
  }
}
