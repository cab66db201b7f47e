import { DEFAULT_POLICY, defaultPolicy } from '../../domain/default-policy';
import { validatePolicy } from '../../domain/policy-validation';
import { fixtureTenant } from '../../emulators/fixtures/tenant';

describe('default policy', () => {
  it('passes validatePolicy unchanged', () => {
    const result = validatePolicy(defaultPolicy());
    expect(result).toEqual({ ok: true, policy: DEFAULT_POLICY });
  });

  it('names only objects that exist in the fixture tenant', () => {
    const scimGroups: readonly string[] = fixtureTenant.scim.apps.find((a) => a.name === 'github')?.groups ?? [];
    const googleGroups: readonly string[] = fixtureTenant.google.groups.map((g) => g.email);
    const m365Groups: readonly string[] = fixtureTenant.m365.groups;
    const skus: readonly string[] = fixtureTenant.m365.skus.map((s) => s.skuPartNumber);
    for (const e of DEFAULT_POLICY.entitlements) {
      if (e.system === 'm365' && e.kind === 'group') expect(m365Groups).toContain(e.ref);
      else if (e.system === 'm365' && e.kind === 'licence') expect(skus).toContain(e.ref);
      else if (e.system === 'google') expect(googleGroups).toContain(e.ref);
      else if (e.system === 'scim:github') expect(scimGroups).toContain(e.ref);
      else throw new Error(`unexpected entitlement ${e.id}`);
    }
  });

  it('hands out independent copies', () => {
    const copy = defaultPolicy();
    copy.entitlements.pop();
    expect(DEFAULT_POLICY.entitlements).toHaveLength(10);
  });
});
