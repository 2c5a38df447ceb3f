import type { MarketOrder, MarketQuote, MarketService, Skill } from "@/lib/generated/prisma/client";
import { microsToNumber } from "@/lib/money/micros";

export const skillView = (s: Skill) => ({ key: s.key, label: s.label, description: s.description, operations: s.operations });

export function serviceView(s: MarketService) {
  return {
    id: s.id,
    skillKey: s.skillKey,
    providerKey: s.providerKey,
    companyName: s.companyName,
    name: s.name,
    description: s.description,
    operations: s.operations,
    pricing: {
      mode: s.pricingMode as "fixed" | "provider-defined" | "quote-required",
      amount: s.priceMicros === null ? null : microsToNumber(s.priceMicros),
      currency: s.currency,
      rate: s.rate,
      notes: s.notes,
    },
    executionMode: s.executionMode as "native" | "external-handoff",
  };
}

export function quoteView(q: MarketQuote) {
  return {
    id: q.id,
    serviceId: q.serviceId,
    skillKey: q.skillKey,
    providerKey: q.providerKey,
    price: { amount: q.priceMicros === null ? null : microsToNumber(q.priceMicros), currency: q.currency },
    expiresAt: q.expiresAt.toISOString(),
    reasons: q.reasons,
    allowedByPolicy: q.allowedByPolicy,
  };
}

export type OrderStatus =
  | "created"
  | "payment_pending"
  | "ready"
  | "executing"
  | "delivered"
  | "confirmed"
  | "disputed"
  | "cancelled"
  | "failed"
  | "handoff";

export const CLOSED_STATUSES: OrderStatus[] = ["confirmed", "cancelled", "failed"];

export function orderView(o: MarketOrder) {
  return {
    id: o.id,
    machineId: o.machineId,
    agentPairingId: o.agentPairingId,
    searchId: o.searchId,
    quoteId: o.quoteId,
    serviceId: o.serviceId,
    skillKey: o.skillKey,
    providerKey: o.providerKey,
    operation: o.operation,
    status: o.status as OrderStatus,
    amount: microsToNumber(o.amountMicros),
    currency: o.currency,
    input: o.input as Record<string, unknown>,
    policyHash: o.policyHash,
    ...(o.disputeReason ? { disputeReason: o.disputeReason } : {}),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    closedAt: o.closedAt?.toISOString() ?? null,
  };
}

export type OrderView = ReturnType<typeof orderView>;
