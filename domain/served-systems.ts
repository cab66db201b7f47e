// Which of a policy's entitlements no configured connector can serve. An entitlement on such a system
// could never be granted or revoked: a case asked to would retry for ever and hold up the person's next
// case (a leaver among them). So the API refuses such a policy, the worker refuses to start with one,
// and the default policy leaves those entitlements out.

export interface UnservedEntitlement {
  entitlementId: string;
  system: string;
}

/** The entitlements, in document order, whose system is not among `systems`. */
export function unservedSystems(
  policy: { entitlements: ReadonlyArray<{ id: string; system: string }> },
  systems: readonly string[],
): UnservedEntitlement[] {
  const served = new Set(systems);
  return policy.entitlements.filter((e) => !served.has(e.system)).map((e) => ({ entitlementId: e.id, system: e.system }));
}

/** "entitlement 'github' names system 'scim:github', which has no connector; configured: m365, google" */
export function unservedMessage(u: UnservedEntitlement, systems: readonly string[]): string {
  return `entitlement '${u.entitlementId}' names system '${u.system}', which has no connector; configured: ${systems.length ? systems.join(', ') : '(none)'}`;
}
