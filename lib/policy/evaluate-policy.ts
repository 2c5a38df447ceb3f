import type { Policy } from "./delegation-policy";

export type PolicyRule =
  | "SKILL_DENIED"
  | "SERVICE_DENIED"
  | "SKILL_NOT_ALLOWED"
  | "SERVICE_NOT_ALLOWED"
  | "CURRENCY_MISMATCH"
  | "PER_TRANSACTION_LIMIT"
  | "DAILY_LIMIT";

export type Purchase = { skillKey: string; serviceId: string; currency: string; amount: bigint };

/**
 * Spec §4 order checks 9 and 10, which need no database: deny beats allow, a non-empty allow list
 * admits only what it names, the order's currency must be the policy's, and the amount must fit the
 * per-transaction cap. Returns the first rule that refuses, or null.
 */
export function listAndAmountRule(policy: Policy, p: Purchase): PolicyRule | null {
  if (policy.deniedSkillKeys.includes(p.skillKey)) return "SKILL_DENIED";
  if (policy.deniedServiceIds.includes(p.serviceId)) return "SERVICE_DENIED";
  if (policy.allowedSkillKeys.length > 0 && !policy.allowedSkillKeys.includes(p.skillKey)) return "SKILL_NOT_ALLOWED";
  if (policy.allowedServiceIds.length > 0 && !policy.allowedServiceIds.includes(p.serviceId)) return "SERVICE_NOT_ALLOWED";
  if (policy.currency !== null && policy.currency !== p.currency) return "CURRENCY_MISMATCH";
  if (policy.perTransactionLimit !== null && p.amount > policy.perTransactionLimit) return "PER_TRANSACTION_LIMIT";
  return null;
}

/** Check 11: the trailing-24-hour counted total plus this amount must not pass the daily cap. */
export function exceedsDailyLimit(policy: Policy, counted: bigint, amount: bigint): boolean {
  return policy.dailySpendLimit !== null && counted + amount > policy.dailySpendLimit;
}

export const RULE_MESSAGES: Record<PolicyRule, string> = {
  SKILL_DENIED: "The delegation policy denies this skill.",
  SERVICE_DENIED: "The delegation policy denies this service.",
  SKILL_NOT_ALLOWED: "This skill is not in the policy's allow list.",
  SERVICE_NOT_ALLOWED: "This service is not in the policy's allow list.",
  CURRENCY_MISMATCH: "The order's currency is not the policy's currency.",
  PER_TRANSACTION_LIMIT: "The amount is over the per-transaction limit.",
  DAILY_LIMIT: "The order would pass the daily spend limit.",
};
