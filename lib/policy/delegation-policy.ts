import { createHash } from "node:crypto";
import { z } from "zod";
import { keyList } from "@/lib/http/schemas";
import { amountSchema, currencySchema } from "@/lib/money/amount-schema";
import { formatMicros, microsToNumber, parseMicros } from "@/lib/money/micros";

/** A policy as the server holds it: lists de-duplicated and sorted, limits in micro-units. */
export type Policy = {
  allowedSkillKeys: string[];
  deniedSkillKeys: string[];
  allowedServiceIds: string[];
  deniedServiceIds: string[];
  perTransactionLimit: bigint | null;
  dailySpendLimit: bigint | null;
  currency: string | null;
};

export const EMPTY_POLICY: Policy = {
  allowedSkillKeys: [],
  deniedSkillKeys: [],
  allowedServiceIds: [],
  deniedServiceIds: [],
  perTransactionLimit: null,
  dailySpendLimit: null,
  currency: null,
};

const sortedUnique = (list: string[]) => [...new Set(list)].sort();

const amount = amountSchema.nullish().transform((v) => v ?? null);

/** The wire form (spec §3 DelegationPolicy); unknown fields are rejected. */
export const delegationPolicySchema = z
  .strictObject({
    allowedSkillKeys: keyList.default([]),
    deniedSkillKeys: keyList.default([]),
    allowedServiceIds: keyList.default([]),
    deniedServiceIds: keyList.default([]),
    perTransactionLimit: amount,
    dailySpendLimit: amount,
    currency: currencySchema.nullish().transform((v) => v ?? null),
  })
  .superRefine((p, ctx) => {
    if ((p.perTransactionLimit !== null || p.dailySpendLimit !== null) && !p.currency) {
      ctx.addIssue({ code: "custom", path: ["currency"], message: "currency is required when a limit is set" });
    }
  })
  .transform((p): Policy => ({
    allowedSkillKeys: sortedUnique(p.allowedSkillKeys),
    deniedSkillKeys: sortedUnique(p.deniedSkillKeys),
    allowedServiceIds: sortedUnique(p.allowedServiceIds),
    deniedServiceIds: sortedUnique(p.deniedServiceIds),
    perTransactionLimit: p.perTransactionLimit,
    dailySpendLimit: p.dailySpendLimit,
    currency: p.currency,
  }));

/** Spec §5: keys sorted, lists de-duplicated and sorted, absent limits null, amounts as decimal strings. */
export function canonicalPolicyJson(p: Policy): string {
  const canonical = {
    allowedServiceIds: p.allowedServiceIds,
    allowedSkillKeys: p.allowedSkillKeys,
    currency: p.currency,
    dailySpendLimit: p.dailySpendLimit === null ? null : formatMicros(p.dailySpendLimit),
    deniedServiceIds: p.deniedServiceIds,
    deniedSkillKeys: p.deniedSkillKeys,
    perTransactionLimit: p.perTransactionLimit === null ? null : formatMicros(p.perTransactionLimit),
  };
  return JSON.stringify(canonical);
}

export function policyHash(p: Policy): string {
  return `sha256:${createHash("sha256").update(canonicalPolicyJson(p)).digest("hex")}`;
}

/** Stored as the canonical JSON object (amounts as decimal strings). */
export function policyToStored(p: Policy): Record<string, unknown> {
  return JSON.parse(canonicalPolicyJson(p)) as Record<string, unknown>;
}

export function policyFromStored(stored: unknown): Policy {
  const s = stored as Record<string, unknown>;
  const limit = (v: unknown) => (typeof v === "string" ? parseMicros(v) : null);
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  return {
    allowedSkillKeys: list(s.allowedSkillKeys),
    deniedSkillKeys: list(s.deniedSkillKeys),
    allowedServiceIds: list(s.allowedServiceIds),
    deniedServiceIds: list(s.deniedServiceIds),
    perTransactionLimit: limit(s.perTransactionLimit),
    dailySpendLimit: limit(s.dailySpendLimit),
    currency: typeof s.currency === "string" ? s.currency : null,
  };
}

/** The wire form: amounts as JSON numbers. */
export function policyView(p: Policy) {
  return {
    allowedSkillKeys: p.allowedSkillKeys,
    deniedSkillKeys: p.deniedSkillKeys,
    allowedServiceIds: p.allowedServiceIds,
    deniedServiceIds: p.deniedServiceIds,
    perTransactionLimit: p.perTransactionLimit === null ? null : microsToNumber(p.perTransactionLimit),
    dailySpendLimit: p.dailySpendLimit === null ? null : microsToNumber(p.dailySpendLimit),
    currency: p.currency,
  };
}
