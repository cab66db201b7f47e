// HR vendors (domain/hr-vendors.ts, api/http/vendor-webhooks.ts): field mapping, which HR event a change
// becomes, and each vendor's signature scheme on the raw bytes.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { verifyVendorSignature } from '../../api/http/vendor-webhooks';
import { DEFAULT_MAPPINGS, mapVendorEmployee, vendorHint, vendorHrEvent, type KnownPerson, type VendorEmployee } from '../../domain/hr-vendors';

const e: VendorEmployee = { employeeId: 'E1', givenName: 'A', familyName: 'B', department: 'Sales', location: 'NL', jobTitle: 'AE', employmentType: 'employee', active: true };
const p = (over: Partial<KnownPerson> = {}): KnownPerson => ({ state: 'active', department: 'Sales', location: 'NL', jobTitle: 'AE', employmentType: 'employee', givenName: 'A', familyName: 'B', ...over });
const decide = (employee: VendorEmployee, person: KnownPerson | null, hint: Parameters<typeof vendorHint>[0] = 'employee.updated') =>
  vendorHrEvent({ eventId: 'x', hint: vendorHint(hint), employee, person, today: '2026-12-04' });

test('vendor event types name what happened as far as they say', () => {
  expect(vendorHint('employee.access.revoked.immediately')).toBe('revoked_now');
  expect(['employee.left', 'employee.inactivated', 'employment.terminated', 'employee.terminated', 'employee.termination_effective'].map(vendorHint)).toEqual(['left', 'left', 'left', 'left', 'left']);
  expect(['employee.joined', 'employment.started', 'employee.rehired'].map(vendorHint)).toEqual(['joined', 'joined', 'joined']);
  expect(vendorHint('employee.updated')).toBe('updated');
});

test('a change becomes a joiner, a mover, a leaver (dated or immediate) or nothing', () => {
  expect(decide({ ...e, startDate: '2027-01-04' }, null)).toEqual({ event: expect.objectContaining({ type: 'joiner', effectiveDate: '2027-01-04' }) });
  expect(decide({ ...e, startDate: '2020-01-04' }, null)).toEqual({ event: expect.objectContaining({ type: 'joiner', immediate: true }) });
  expect(decide({ ...e, department: 'Engineering' }, p())).toEqual({ event: expect.objectContaining({ type: 'mover' }) });
  expect(decide(e, p())).toEqual({ skip: expect.stringMatching(/nothing/) });
  expect(decide({ ...e, endDate: '2026-12-18' }, p(), 'employee.left')).toEqual({ event: expect.objectContaining({ type: 'leaver', effectiveDate: '2026-12-18' }) });
  expect(decide({ ...e, active: false, endDate: '2026-11-30' }, p())).toEqual({ event: expect.objectContaining({ type: 'leaver', immediate: true }) });
  expect(decide({ ...e, endDate: '2026-12-18' }, p(), 'employee.access.revoked.immediately')).toEqual({ event: expect.objectContaining({ type: 'leaver', immediate: true }) });
  expect(decide({ ...e, active: false }, null)).toEqual({ skip: expect.stringMatching(/does not know/) });
  expect(decide({ ...e, active: false }, p({ state: 'deactivated' }))).toEqual({ skip: 'already deactivated' });
  expect(decide(e, p({ state: 'deactivated' }))).toEqual({ skip: expect.stringMatching(/rehire.*needs an admin/) });
});

test('the mapping reads dotted paths, names what is missing, and is configurable', () => {
  const raw = { id: 7, firstName: 'A', surname: 'B', work: { department: 'Ops', site: 'Berlin', title: 'Lead' }, internal: { status: 'Inactive', terminationDate: '2026-12-31' }, payroll: { employment: { type: 'Contractor' } } };
  expect(mapVendorEmployee(raw, DEFAULT_MAPPINGS.hibob)).toEqual({ ok: true, employee: {
    employeeId: '7', givenName: 'A', familyName: 'B', department: 'Ops', location: 'Berlin', jobTitle: 'Lead', employmentType: 'contractor', startDate: undefined, endDate: '2026-12-31', active: false,
  } });
  expect(mapVendorEmployee({ ...raw, work: {} }, DEFAULT_MAPPINGS.hibob)).toEqual({ ok: false, missing: ['department (work.department)', 'location (work.site)', 'jobTitle (work.title)'] });
  expect(mapVendorEmployee({ ...raw, costCentre: 'CC-1' }, { ...DEFAULT_MAPPINGS.hibob, department: 'costCentre' })).toMatchObject({ ok: true, employee: { department: 'CC-1' } });
  expect(mapVendorEmployee({ firstName: 'A', lastName: 'B', id: '1', department: 'D', location: 'L', jobTitle: 'J', terminationDate: '0000-00-00', status: 'Active' }, DEFAULT_MAPPINGS.bamboohr))
    .toMatchObject({ ok: true, employee: { endDate: undefined, active: true } });
});

describe('signatures on the raw bytes', () => {
  const secret = 'webhook-secret-0123456789abcdef';
  const sign = (vendor: string, raw: Buffer, ts = '1764806400') => {
    switch (vendor) {
      case 'bamboohr': return { 'x-bamboohr-signature': createHmac('sha256', secret).update(raw).update(ts).digest('hex'), 'x-bamboohr-timestamp': ts };
      case 'hibob': return { 'bob-signature': createHmac('sha512', secret).update(raw).digest('base64') };
      case 'gusto': return { 'x-gusto-signature': createHmac('sha256', secret).update(raw).digest('hex') };
      default: return { 'x-deel-signature': createHmac('sha256', secret).update('POST').update(raw).digest('hex') };
    }
  };
  test.each(['bamboohr', 'hibob', 'gusto', 'deel'] as const)('%s: its own signature verifies; any other byte string does not', (vendor) => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ minLength: 1, maxLength: 200 }), (a, b) => {
      const raw = Buffer.from(a);
      expect(verifyVendorSignature(vendor, sign(vendor, raw), raw, secret)).toEqual({ ok: true });
      const other = Buffer.concat([raw, Buffer.from(b)]);
      expect(verifyVendorSignature(vendor, sign(vendor, raw), other, secret).ok).toBe(false);
      expect(verifyVendorSignature(vendor, sign(vendor, raw), raw, `${secret}x`).ok).toBe(false);
    }), { numRuns: 50 });
  });
  test('BambooHR signs the timestamp too; Personio compares its static token; missing headers are named', () => {
    const raw = Buffer.from('{"employees":[]}');
    expect(verifyVendorSignature('bamboohr', { ...sign('bamboohr', raw), 'x-bamboohr-timestamp': '1764806401' }, raw, secret).ok).toBe(false);
    expect(verifyVendorSignature('personio', { authorization: secret }, raw, secret)).toEqual({ ok: true });
    expect(verifyVendorSignature('personio', { authorization: `Bearer ${secret}` }, raw, secret)).toEqual({ ok: true });
    expect(verifyVendorSignature('personio', { authorization: secret.slice(0, -1) }, raw, secret).ok).toBe(false);
    expect(verifyVendorSignature('gusto', {}, raw, secret)).toEqual({ ok: false, reason: 'X-Gusto-Signature is required' });
    expect(verifyVendorSignature('deel', { ...sign('deel', raw), 'x-deel-hmac-label': 'other' }, raw, secret, 'main').ok).toBe(false);
  });
});
