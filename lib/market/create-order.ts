import { z } from "zod";
import { transaction, type Tx } from "@/lib/db/client";
import type { MarketService, Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/errors";
import { agentActor, recordEvent, type NewEvent } from "@/lib/events/events";
import type { RequestContext } from "@/lib/http/request-context";
import { isId, newId } from "@/lib/ids";
import { currencySchema, positiveAmountSchema } from "@/lib/money/amount-schema";
import { formatMicros, microsToNumber } from "@/lib/money/micros";
import { agentAccessError, assertTokenScope, type AgentWriteState } from "@/lib/pairing/authenticate-agent";
import type { SessionClaims } from "@/lib/pairing/session-token";
import { policyFromStored } from "@/lib/policy/delegation-policy";
import { exceedsDailyLimit, listAndAmountRule, RULE_MESSAGES } from "@/lib/policy/evaluate-policy";
import { orderView } from "./market-views";
import { findService } from "./service-cache";
import { DAY_MS, spendUsage } from "./spend-usage";

export const createOrderBody = z.strictObject({
  machineId: z.string().min(1).max(64),
  agentPairingId: z.string().min(1).max(64),
  serviceId: z.string().min(1).max(64),
  searchId: z.string().min(1).max(64).optional(),
  quoteId: z.string().min(1).max(64).optional(),
  operation: z.string().min(1).max(64).optional(),
  input: z.record(z.string(), z.unknown()).default({}),
  budget: z.strictObject({ amount: positiveAmountSchema, currency: currencySchema }).optional(),
});

type Body = z.output<typeof createOrderBody>;

const invalid = (path: string, message: string) => new ApiError("VALIDATION_ERROR", message, { issues: [{ path, message }] });

/** Failures of checks 5–7 are audited: by then the token is genuine and names this machine. */
function auditedRule(err: ApiError): string | null {
  if (err.code === "AGENT_PAIRING_INACTIVE") return "PAIRING_INACTIVE";
  if (err.code === "MACHINE_NOT_ACTIVE") return "MACHINE_NOT_ACTIVE";
  if (err.code === "AGENT_AUTH_INVALID" && err.details?.reason === "POLICY_CHANGED") return "POLICY_CHANGED";
  if (err.code === "AGENT_AUTH_INVALID" && err.details?.reason === "SESSION_REPLACED") return "SESSION_REPLACED";
  return null;
}

type Locked = AgentWriteState & { agentAddress: string; delegationPolicy: unknown };

/**
 * Spec §4 POST /market/orders, checks 3–11 in order (1–2 are the route's). Everything from check 4
 * on runs in one transaction that first takes the pairing's row lock — the lock pause, policy edits
 * and revoke take too — so concurrent orders are admitted one at a time against the day's total,
 * and no edit can slip between a check and the insert.
 */
export async function createOrder(claims: SessionClaims, body: Body, ctx: RequestContext) {
  assertTokenScope(claims, { machineId: body.machineId, pairingId: body.agentPairingId });
  const service = await findService(body.serviceId);
  const outcome = await transaction(async (tx) => {
    const locked = await lockForOrder(tx, body.agentPairingId, body.machineId);
    const audit = async (rule: string, error: ApiError, details: Record<string, unknown> = {}) => {
      await recordEvent(tx, deniedEvent(claims, body, ctx, rule, { serviceId: body.serviceId, ...error.details, ...details }));
      return { error };
    };
    const access = agentAccessError(claims, locked, "write");
    if (access) {
      const rule = auditedRule(access);
      return rule ? audit(rule, access) : { error: access };
    }
    const p = locked!;
    const priced = await priceOrder(tx, body, service, ctx);
    if ("error" in priced) return priced.rule ? audit(priced.rule, priced.error) : priced;
    const { svc, operation, amount, currency } = priced;
    const policy = policyFromStored(p.delegationPolicy);
    const decided = {
      serviceId: svc.id,
      skillKey: svc.skillKey,
      operation,
      amount: formatMicros(amount),
      currency,
      policyHash: p.delegationPolicyHash,
    };
    const rule = listAndAmountRule(policy, { skillKey: svc.skillKey, serviceId: svc.id, currency, amount });
    if (rule === "PER_TRANSACTION_LIMIT") {
      const error = new ApiError("AGENT_SPEND_LIMIT_EXCEEDED", RULE_MESSAGES[rule], {
        rule,
        limit: microsToNumber(policy.perTransactionLimit!),
        amount: microsToNumber(amount),
        currency,
      });
      return audit(rule, error, decided);
    }
    if (rule) return audit(rule, new ApiError("AGENT_POLICY_DENIED", RULE_MESSAGES[rule], { rule }), decided);
    if (policy.dailySpendLimit !== null) {
      const { spent, reserved, oldestAt } = (await spendUsage(tx, [body.agentPairingId], ctx.now)).get(body.agentPairingId)!;
      const counted = spent + reserved;
      if (exceedsDailyLimit(policy, counted, amount)) {
        const error = new ApiError("AGENT_DAILY_LIMIT_EXCEEDED", RULE_MESSAGES.DAILY_LIMIT, {
          rule: "DAILY_LIMIT",
          counted: microsToNumber(counted),
          limit: microsToNumber(policy.dailySpendLimit),
          amount: microsToNumber(amount),
          currency,
          nextReleaseAt: oldestAt ? new Date(oldestAt.getTime() + DAY_MS).toISOString() : null,
        });
        return audit("DAILY_LIMIT", error, decided);
      }
    }
    const order = {
      id: newId("ord"),
      machineId: body.machineId,
      agentPairingId: body.agentPairingId,
      searchId: body.searchId ?? null,
      quoteId: body.quoteId ?? null,
      serviceId: svc.id,
      skillKey: svc.skillKey,
      providerKey: svc.providerKey,
      operation,
      status: "created",
      amountMicros: amount,
      currency,
      input: body.input,
      policyHash: p.delegationPolicyHash,
      disputeReason: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      closedAt: null,
    };
    await insertOrderWithEvent(tx, order, { id: newId("evt"), actor: agentActor(p.agentAddress), details: decided });
    return { order };
  });
  if ("error" in outcome) throw outcome.error;
  return orderView({ ...outcome.order, input: outcome.order.input as Prisma.JsonObject });
}

function deniedEvent(
  claims: SessionClaims,
  body: Body,
  ctx: RequestContext,
  rule: string,
  details: Record<string, unknown>,
): NewEvent {
  return {
    at: ctx.now,
    machineId: body.machineId,
    pairingId: body.agentPairingId,
    actor: agentActor(claims.agentAddress),
    type: "order.denied",
    decision: "denied",
    rule,
    details,
  };
}

type Priced = { svc: MarketService; operation: string; amount: bigint; currency: string } | { error: ApiError; rule?: string };

/** Check 8 and the price: the quote's when one is cited, else the service's fixed price, else the budget. */
async function priceOrder(tx: Tx, body: Body, svc: MarketService | null, ctx: RequestContext): Promise<Priced> {
  if (!svc) return { error: invalid("serviceId", "No service with that id.") };
  const operation = body.operation ?? svc.operations[0]!;
  if (!svc.operations.includes(operation))
    return { error: invalid("operation", `The service offers ${svc.operations.join(", ")}.`) };
  if (body.quoteId !== undefined) {
    const quote = isId("qt", body.quoteId) ? await tx.marketQuote.findUnique({ where: { id: body.quoteId } }) : null;
    if (
      !quote ||
      quote.agentPairingId !== body.agentPairingId ||
      quote.serviceId !== svc.id ||
      (body.searchId !== undefined && quote.searchId !== body.searchId)
    ) {
      return { error: invalid("quoteId", "No quote with that id for this pairing and service.") };
    }
    if (quote.expiresAt <= ctx.now) {
      const error = new ApiError("QUOTE_EXPIRED", "The quote has expired; search again.", {
        quoteId: quote.id,
        expiredAt: quote.expiresAt.toISOString(),
      });
      return { error, rule: "QUOTE_EXPIRED" };
    }
    if (quote.priceMicros === null || quote.currency === null)
      return { error: invalid("quoteId", "The quote has no price; search with a budget.") };
    return { svc, operation, amount: quote.priceMicros, currency: quote.currency };
  }
  if (body.searchId !== undefined) {
    const search = isId("srch", body.searchId)
      ? await tx.marketSearch.findUnique({ where: { id: body.searchId }, select: { agentPairingId: true } })
      : null;
    if (!search || search.agentPairingId !== body.agentPairingId)
      return { error: invalid("searchId", "No search with that id for this pairing.") };
  }
  if (svc.pricingMode === "fixed" && svc.priceMicros !== null && svc.currency !== null) {
    return { svc, operation, amount: svc.priceMicros, currency: svc.currency };
  }
  if (body.budget) return { svc, operation, amount: body.budget.amount, currency: body.budget.currency };
  return { error: invalid("budget", "This service has no fixed price: send budget {amount, currency}.") };
}

/** Takes the pairing's row lock and reads everything checks 4–7 need, in one statement. */
async function lockForOrder(tx: Tx, pairingId: string, machineId: string): Promise<Locked | null> {
  if (!isId("apr", pairingId)) return null;
  const rows = await tx.$queryRaw<Locked[]>`
    SELECT p."status", p."currentSessionId", p."delegationPolicyHash", p."delegationPolicy", p."agentAddress",
           m."status" AS "machineStatus"
    FROM "AgentPairing" p JOIN "Machine" m ON m."id" = p."machineId"
    WHERE p."id" = ${pairingId} AND p."machineId" = ${machineId}
    FOR UPDATE OF p`;
  return rows[0] ?? null;
}

type NewOrder = {
  id: string;
  machineId: string;
  agentPairingId: string;
  searchId: string | null;
  quoteId: string | null;
  serviceId: string;
  skillKey: string;
  providerKey: string;
  operation: string;
  status: string;
  amountMicros: bigint;
  currency: string;
  input: Record<string, unknown>;
  policyHash: string;
  createdAt: Date;
  updatedAt: Date;
};

/** The order and its "allowed" decision row in one statement: one round trip on the hot path. */
async function insertOrderWithEvent(tx: Tx, o: NewOrder, e: { id: string; actor: string; details: Record<string, unknown> }) {
  await tx.$executeRaw`
    WITH o AS (
      INSERT INTO "MarketOrder" ("id", "machineId", "agentPairingId", "searchId", "quoteId", "serviceId", "skillKey",
        "providerKey", "operation", "status", "amountMicros", "currency", "input", "policyHash", "createdAt", "updatedAt")
      VALUES (${o.id}, ${o.machineId}, ${o.agentPairingId}, ${o.searchId}, ${o.quoteId}, ${o.serviceId}, ${o.skillKey},
        ${o.providerKey}, ${o.operation}, ${o.status}, ${o.amountMicros}, ${o.currency}, ${JSON.stringify(o.input)}::jsonb,
        ${o.policyHash}, ${o.createdAt}, ${o.updatedAt})
      RETURNING "id", "machineId", "agentPairingId"
    )
    INSERT INTO "Event" ("id", "at", "machineId", "pairingId", "orderId", "actor", "type", "decision", "rule", "details")
    SELECT ${e.id}, ${o.createdAt}, o."machineId", o."agentPairingId", o."id", ${e.actor}, 'order.created', 'allowed',
      'WITHIN_POLICY', ${JSON.stringify(e.details)}::jsonb
    FROM o`;
}
