import { z } from "zod";
import { getDb, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/errors";
import { agentActor, recordEvent, type NewEvent } from "@/lib/events/events";
import type { RequestContext } from "@/lib/http/request-context";
import { isId, newId } from "@/lib/ids";
import { currencySchema, positiveAmountSchema } from "@/lib/money/amount-schema";
import { formatMicros, microsToNumber } from "@/lib/money/micros";
import { authorizeAgent } from "@/lib/pairing/authenticate-agent";
import type { SessionClaims } from "@/lib/pairing/session-token";
import { policyFromStored } from "@/lib/policy/delegation-policy";
import { exceedsDailyLimit, listAndAmountRule, RULE_MESSAGES, type PolicyRule } from "@/lib/policy/evaluate-policy";
import { orderView } from "./market-views";
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

// Failures of checks 5–7 that are worth an audit row: the token is genuine and names this machine.
const AUDITED: Record<string, (e: ApiError) => string | null> = {
  AGENT_PAIRING_INACTIVE: () => "PAIRING_INACTIVE",
  MACHINE_NOT_ACTIVE: () => "MACHINE_NOT_ACTIVE",
  AGENT_AUTH_INVALID: (e) => (e.details?.reason === "POLICY_CHANGED" || e.details?.reason === "SESSION_REPLACED" ? String(e.details.reason) : null),
};

/**
 * Spec §4 POST /market/orders, checks 3–11 in order (1–2 are the route's). Checks 9–11 and the
 * insert run in one transaction holding the pairing's row lock, the same lock pause, policy edits
 * and revoke take, so concurrent orders are admitted one at a time against the day's total.
 */
export async function createOrder(claims: SessionClaims, body: Body, ctx: RequestContext) {
  const db = await getDb();
  const audit = (e: Omit<NewEvent, "at" | "machineId" | "pairingId" | "actor" | "type">) => ({
    at: ctx.now,
    machineId: body.machineId,
    pairingId: body.agentPairingId,
    actor: agentActor(claims.agentAddress),
    type: "order.denied" as const,
    decision: "denied" as const,
    ...e,
  });
  let access;
  try {
    access = await authorizeAgent(claims, { machineId: body.machineId, pairingId: body.agentPairingId }, "write");
  } catch (err) {
    const rule = err instanceof ApiError ? AUDITED[err.code]?.(err) : null;
    if (rule) await recordEvent(db, audit({ rule, details: { serviceId: body.serviceId } }));
    throw err;
  }
  const { pairing } = access;

  // Check 8: the service, the operation and the quote.
  const service = isId("svc", body.serviceId) ? await db.marketService.findUnique({ where: { id: body.serviceId } }) : null;
  if (!service) throw invalid("serviceId", "No service with that id.");
  const operation = body.operation ?? service.operations[0]!;
  if (!service.operations.includes(operation)) throw invalid("operation", `The service offers ${service.operations.join(", ")}.`);
  let amount: bigint;
  let currency: string;
  if (body.quoteId !== undefined) {
    const quote = isId("qt", body.quoteId) ? await db.marketQuote.findUnique({ where: { id: body.quoteId } }) : null;
    if (!quote || quote.agentPairingId !== pairing.id || quote.serviceId !== service.id || (body.searchId !== undefined && quote.searchId !== body.searchId)) {
      throw invalid("quoteId", "No quote with that id for this pairing and service.");
    }
    if (quote.expiresAt <= ctx.now) {
      await recordEvent(db, audit({ rule: "QUOTE_EXPIRED", details: { quoteId: quote.id, serviceId: service.id } }));
      throw new ApiError("QUOTE_EXPIRED", "The quote has expired; search again.", { quoteId: quote.id, expiredAt: quote.expiresAt.toISOString() });
    }
    if (quote.priceMicros === null || quote.currency === null) throw invalid("quoteId", "The quote has no price; search with a budget.");
    amount = quote.priceMicros;
    currency = quote.currency;
  } else {
    if (body.searchId !== undefined) {
      const search = isId("srch", body.searchId) ? await db.marketSearch.findUnique({ where: { id: body.searchId }, select: { agentPairingId: true } }) : null;
      if (!search || search.agentPairingId !== pairing.id) throw invalid("searchId", "No search with that id for this pairing.");
    }
    if (service.pricingMode === "fixed" && service.priceMicros !== null && service.currency !== null) {
      amount = service.priceMicros;
      currency = service.currency;
    } else if (body.budget) {
      amount = body.budget.amount;
      currency = body.budget.currency;
    } else {
      throw invalid("budget", "This service has no fixed price: send budget {amount, currency}.");
    }
  }

  const outcome = await db.$transaction(async (tx) => {
    const locked = await lockForOrder(tx, pairing.id);
    // The pairing may have changed between authorisation and the lock: re-apply checks 4–6.
    const stale =
      locked.status !== "active"
        ? new ApiError("AGENT_PAIRING_INACTIVE", `The pairing is ${locked.status}.`, { status: locked.status })
        : locked.currentSessionId !== claims.sessionId
          ? new ApiError("AGENT_AUTH_INVALID", "The token's session was replaced; use the newest token.", { reason: "SESSION_REPLACED" })
          : locked.delegationPolicyHash !== claims.delegationPolicyHash
            ? new ApiError("AGENT_AUTH_INVALID", "The delegation policy changed; rotate the session.", { reason: "POLICY_CHANGED" })
            : null;
    if (stale) return { error: stale };
    const policy = policyFromStored(locked.delegationPolicy);
    const purchase = { skillKey: service.skillKey, serviceId: service.id, currency, amount };
    const decided = { serviceId: service.id, skillKey: service.skillKey, operation, amount: formatMicros(amount), currency, policyHash: locked.delegationPolicyHash };
    const deny = async (rule: PolicyRule, error: ApiError) => {
      await recordEvent(tx, audit({ rule, details: { ...error.details, ...decided } }));
      return { error };
    };
    const rule = listAndAmountRule(policy, purchase);
    if (rule === "PER_TRANSACTION_LIMIT") {
      return deny(rule, new ApiError("AGENT_SPEND_LIMIT_EXCEEDED", RULE_MESSAGES[rule], {
        rule,
        limit: microsToNumber(policy.perTransactionLimit!),
        amount: microsToNumber(amount),
        currency,
      }));
    }
    if (rule) return deny(rule, new ApiError("AGENT_POLICY_DENIED", RULE_MESSAGES[rule], { rule }));
    if (policy.dailySpendLimit !== null) {
      const { spent, reserved, oldestAt } = (await spendUsage(tx, [pairing.id], ctx.now)).get(pairing.id)!;
      const counted = spent + reserved;
      if (exceedsDailyLimit(policy, counted, amount)) {
        return deny("DAILY_LIMIT", new ApiError("AGENT_DAILY_LIMIT_EXCEEDED", RULE_MESSAGES.DAILY_LIMIT, {
          rule: "DAILY_LIMIT",
          counted: microsToNumber(counted),
          limit: microsToNumber(policy.dailySpendLimit),
          amount: microsToNumber(amount),
          currency,
          nextReleaseAt: oldestAt ? new Date(oldestAt.getTime() + DAY_MS).toISOString() : null,
        }));
      }
    }
    const order = await tx.marketOrder.create({
      data: {
        id: newId("ord"),
        machineId: pairing.machineId,
        agentPairingId: pairing.id,
        searchId: body.searchId ?? null,
        quoteId: body.quoteId ?? null,
        serviceId: service.id,
        skillKey: service.skillKey,
        providerKey: service.providerKey,
        operation,
        status: "created",
        amountMicros: amount,
        currency,
        input: body.input as Prisma.InputJsonObject,
        policyHash: locked.delegationPolicyHash,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      },
    });
    await recordEvent(tx, {
      at: ctx.now,
      machineId: pairing.machineId,
      pairingId: pairing.id,
      orderId: order.id,
      actor: agentActor(pairing.agentAddress),
      type: "order.created",
      decision: "allowed",
      rule: "WITHIN_POLICY",
      details: decided,
    });
    return { order };
  });
  if ("error" in outcome) throw outcome.error;
  return orderView(outcome.order);
}

type LockedPairing = { status: string; delegationPolicyHash: string; delegationPolicy: unknown; currentSessionId: string | null };

async function lockForOrder(tx: Tx, pairingId: string): Promise<LockedPairing> {
  const rows = await tx.$queryRaw<LockedPairing[]>`
    SELECT "status", "delegationPolicyHash", "delegationPolicy", "currentSessionId"
    FROM "AgentPairing" WHERE "id" = ${pairingId} FOR UPDATE`;
  return rows[0]!;
}
