// The shape of the policy document (PRODUCT.md §6). Cross-reference and duration checks live in policy-validation.ts.
import { z } from 'zod';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'letters, digits, dot, dash, colon or underscore');

/** `m365:<SKU part number>`, `google:<SKU>` or `scim:<app>` (a seat of the app). */
const priceKey = z.string().regex(/^(m365:[A-Za-z0-9._-]+|google:[A-Za-z0-9._-]+|scim:[A-Za-z0-9._-]+)$/, "must be 'm365:<SKU>', 'google:<SKU>' or 'scim:<app>'");

export const entitlementDefinitionSchema = z.strictObject({
  id,
  system: z.string().regex(/^(m365|google|scim:[A-Za-z0-9._-]+)$/, "must be 'm365', 'google' or 'scim:<app>'"),
  kind: z.enum(['group', 'licence', 'seat']),
  ref: z.string().min(1).max(256),
  /** Monthly cost of a seat or licence, for the asset register. */
  monthlyCost: z.number().nonnegative().optional(),
});

/** Conditions on attributes: every listed attribute must have one of the listed values; {} matches everyone. */
export const conditionSchema = z.strictObject({
  department: z.array(z.string()).optional(),
  location: z.array(z.string()).optional(),
  jobTitle: z.array(z.string()).optional(),
  employmentType: z.array(z.enum(['employee', 'contractor'])).optional(),
});

export const birthrightRuleSchema = z.strictObject({
  id,
  when: conditionSchema,
  grant: z.array(id).min(1),
});

export const sodRuleSchema = z.strictObject({
  id,
  entitlements: z.array(id).min(2),
  severity: z.enum(['block', 'approve']),
});

export const approvalRulesSchema = z.strictObject({
  joiner: conditionSchema.optional(),
  mover: conditionSchema.optional(),
  entitlements: z.array(id).optional(),
});

export const durationsSchema = z.strictObject({
  moverGrace: z.string().default('P7D'),
  joinerLeadTime: z.string().default('P1D'),
  deviceReturnReminder: z.string().default('P2D'),
  deviceReturnEscalation: z.string().default('P14D'),
});

export const policyDocumentSchema = z.strictObject({
  entitlements: z.array(entitlementDefinitionSchema),
  birthright: z.array(birthrightRuleSchema).default([]),
  sod: z.array(sodRuleSchema).default([]),
  approvals: approvalRulesSchema.default({}),
  durations: durationsSchema.default({
    moverGrace: 'P7D', joinerLeadTime: 'P1D', deviceReturnReminder: 'P2D', deviceReturnEscalation: 'P14D',
  }),
  /** Monthly price per licence (`m365:<SKU part number>`) or app seat (`scim:<app>`), for reconciliation's cost. */
  prices: z.record(priceKey, z.number().nonnegative().finite()).optional(),
  /** ISO 4217 code the prices are in. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR or USD').optional(),
});

export type EntitlementDefinition = z.infer<typeof entitlementDefinitionSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type BirthrightRule = z.infer<typeof birthrightRuleSchema>;
export type SodRule = z.infer<typeof sodRuleSchema>;
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
