import { z } from "zod";
import { getConfig } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { MarketService } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/http/request-context";
import { newId } from "@/lib/ids";
import { amountSchema, currencySchema } from "@/lib/money/amount-schema";
import { formatMicros } from "@/lib/money/micros";
import { authorizeAgent } from "@/lib/pairing/authenticate-agent";
import type { SessionClaims } from "@/lib/pairing/session-token";
import { policyFromStored } from "@/lib/policy/delegation-policy";
import { listAndAmountRule } from "@/lib/policy/evaluate-policy";
import { DAY_MS, spendUsage } from "./spend-usage";
import { quoteView } from "./market-views";

export const searchBody = z
  .strictObject({
    machineId: z.string().min(1).max(64),
    agentPairingId: z.string().min(1).max(64).optional(),
    serviceType: z.string().min(1).max(128).optional(),
    skillKey: z.string().min(1).max(128).optional(),
    operation: z.string().min(1).max(64).optional(),
    budget: z
      .strictObject({ amount: amountSchema.optional(), max: amountSchema.optional(), currency: currencySchema.optional() })
      .optional(),
    maxResults: z.number().int().min(1).max(50).default(10),
  })
  .refine((b) => !(b.serviceType && b.skillKey && b.serviceType !== b.skillKey), {
    message: "serviceType and skillKey name the same thing; send one",
    path: ["serviceType"],
  });

type Candidate = {
  service: MarketService;
  price: bigint | null;
  currency: string | null;
  reasons: string[];
  allowed: boolean;
  withinBudget: boolean;
};

const money = (micros: bigint, currency: string | null) => `${formatMicros(micros)} ${currency ?? ""}`.trim();

/**
 * Spec §4 POST /market/search. The pairing's policy filters: services its lists or currency deny are
 * left out; a quote over the per-transaction cap or the remaining daily budget stays, marked
 * allowedByPolicy=false with the reason. Ranked: allowed first, then within the caller's budget,
 * then cheapest. Quotes are stored with their TTL so an order can cite one.
 */
export async function searchMarket(claims: SessionClaims, body: z.output<typeof searchBody>, ctx: RequestContext) {
  const { pairing } = await authorizeAgent(
    claims,
    { machineId: body.machineId, pairingId: body.agentPairingId ?? claims.pairingId },
    "write",
  );
  const db = await getDb();
  const skillKey = body.skillKey ?? body.serviceType;
  const services = await db.marketService.findMany({
    where: { ...(skillKey ? { skillKey } : {}), ...(body.operation ? { operations: { has: body.operation } } : {}) },
    orderBy: { id: "asc" },
  });
  const policy = policyFromStored(pairing.delegationPolicy);
  const usage = (await spendUsage(db, [pairing.id], ctx.now)).get(pairing.id)!;
  const counted = usage.spent + usage.reserved;
  const remaining = policy.dailySpendLimit === null ? null : policy.dailySpendLimit - counted;
  const budgetPrice = body.budget?.amount ?? body.budget?.max ?? null;

  const candidates: Candidate[] = [];
  for (const service of services) {
    const fixed = service.pricingMode === "fixed" && service.priceMicros !== null;
    const price = fixed ? service.priceMicros : budgetPrice;
    const currency = fixed ? service.currency : (body.budget?.currency ?? null);
    const reasons: string[] = [];
    if (price === null || currency === null) {
      reasons.push("Priced on request: send budget.amount and budget.currency to get a quote.");
    }
    const rule = listAndAmountRule(policy, {
      skillKey: service.skillKey,
      serviceId: service.id,
      currency: currency ?? policy.currency ?? "",
      amount: price ?? 0n,
    });
    if (rule && rule !== "PER_TRANSACTION_LIMIT") continue;
    let allowed = price !== null && currency !== null;
    if (rule === "PER_TRANSACTION_LIMIT") {
      allowed = false;
      reasons.push(`Over the per-transaction limit of ${money(policy.perTransactionLimit!, policy.currency)}.`);
    }
    if (price !== null && remaining !== null && price > remaining) {
      allowed = false;
      const release = usage.oldestAt ? ` Budget frees up from ${new Date(usage.oldestAt.getTime() + DAY_MS).toISOString()}.` : "";
      reasons.push(`Over the remaining daily budget of ${money(remaining < 0n ? 0n : remaining, policy.currency)}.${release}`);
    }
    let withinBudget = true;
    if (price !== null && body.budget?.max !== undefined && price > body.budget.max) {
      withinBudget = false;
      reasons.push(`Over your budget maximum of ${money(body.budget.max, body.budget.currency ?? currency)}.`);
    }
    if (currency !== null && body.budget?.currency !== undefined && body.budget.currency !== currency) {
      withinBudget = false;
      reasons.push(`Priced in ${currency}, not ${body.budget.currency}.`);
    }
    if (allowed && withinBudget) reasons.push("Within policy and budget.");
    candidates.push({ service, price, currency, reasons, allowed, withinBudget });
  }
  candidates.sort(
    (a, b) =>
      Number(b.allowed) - Number(a.allowed) ||
      Number(b.withinBudget) - Number(a.withinBudget) ||
      (a.price === null ? 1 : 0) - (b.price === null ? 1 : 0) ||
      (a.price !== null && b.price !== null ? (a.price < b.price ? -1 : a.price > b.price ? 1 : 0) : 0) ||
      a.service.name.localeCompare(b.service.name),
  );
  const chosen = candidates.slice(0, body.maxResults);
  const searchId = newId("srch");
  const expiresAt = new Date(ctx.now.getTime() + getConfig().quoteTtlMs);
  const quotes = chosen.map((c, rank) => ({
    id: newId("qt"),
    searchId,
    machineId: pairing.machineId,
    agentPairingId: pairing.id,
    serviceId: c.service.id,
    skillKey: c.service.skillKey,
    providerKey: c.service.providerKey,
    priceMicros: c.price,
    currency: c.currency,
    reasons: c.reasons,
    allowedByPolicy: c.allowed,
    rank,
    expiresAt,
    createdAt: ctx.now,
  }));
  const status = quotes.length ? "matched" : "no_match";
  await db.$transaction([
    db.marketSearch.create({
      data: {
        id: searchId,
        machineId: pairing.machineId,
        agentPairingId: pairing.id,
        status,
        request: {
          skillKey: skillKey ?? null,
          operation: body.operation ?? null,
          budget: body.budget
            ? Object.fromEntries(Object.entries(body.budget).map(([k, v]) => [k, typeof v === "bigint" ? formatMicros(v) : v]))
            : null,
        },
        createdAt: ctx.now,
      },
    }),
    db.marketQuote.createMany({ data: quotes }),
  ]);
  return { id: searchId, status, quotes: quotes.map(quoteView) };
}
