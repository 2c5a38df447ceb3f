import { Prisma } from "@/lib/generated/prisma/client";
import type { Db, Tx } from "@/lib/db/client";

export const DAY_MS = 86_400_000;
/** Statuses that count as spent, and as reserved, within the trailing window (spec §3). */
export const SPENT_STATUSES = ["delivered", "confirmed", "disputed", "handoff"] as const;
export const RESERVED_STATUSES = ["created", "payment_pending", "ready", "executing"] as const;
export const OPEN_STATUSES = [...RESERVED_STATUSES, "delivered", "disputed", "handoff"] as const;

export type SpendUsage = { spent: bigint; reserved: bigint; oldestAt: Date | null };

const ZERO: SpendUsage = { spent: 0n, reserved: 0n, oldestAt: null };

/** One grouped query for any number of pairings: the orders of the trailing 24 hours that count. */
export async function spendUsage(client: Db | Tx, pairingIds: string[], now: Date): Promise<Map<string, SpendUsage>> {
  const out = new Map<string, SpendUsage>();
  if (pairingIds.length === 0) return out;
  const since = new Date(now.getTime() - DAY_MS);
  const rows = await client.$queryRaw<
    { pairingId: string; spent: bigint | null; reserved: bigint | null; oldestAt: Date | null }[]
  >`
    SELECT "agentPairingId" AS "pairingId",
      SUM(CASE WHEN "status" IN (${Prisma.join([...SPENT_STATUSES])}) THEN "amountMicros" ELSE 0 END)::int8 AS "spent",
      SUM(CASE WHEN "status" IN (${Prisma.join([...RESERVED_STATUSES])}) THEN "amountMicros" ELSE 0 END)::int8 AS "reserved",
      MIN("createdAt") AS "oldestAt"
    FROM "MarketOrder"
    WHERE "agentPairingId" IN (${Prisma.join(pairingIds)})
      AND "createdAt" > ${since}
      AND "status" NOT IN ('cancelled', 'failed')
    GROUP BY "agentPairingId"`;
  for (const id of pairingIds) out.set(id, ZERO);
  for (const r of rows) {
    out.set(r.pairingId, {
      spent: BigInt(r.spent ?? 0),
      reserved: BigInt(r.reserved ?? 0),
      oldestAt: r.oldestAt ? new Date(r.oldestAt) : null,
    });
  }
  return out;
}
