import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { before, decodeCursor, limitSchema, newestFirst, page } from "@/lib/http/pagination";
import { ownedMachine } from "@/lib/machines/owned-machine";
import { spendUsage } from "@/lib/market/spend-usage";
import { pairingOnMachine } from "./load-pairing";
import { pairingView, withSession, type PairingRow } from "./pairing-view";

export const listPairingsQuery = z.strictObject({
  status: z.enum(["active", "paused", "revoked"]).optional(),
  limit: limitSchema,
  cursor: z.string().max(512).optional(),
});

export async function listPairings(ownerId: string, machineId: string, q: z.output<typeof listPairingsQuery>, now: Date) {
  const db = await getDb();
  await ownedMachine(db, ownerId, machineId);
  const rows = await db.agentPairing.findMany({
    where: { machineId, ...(q.status ? { status: q.status } : {}), ...before(decodeCursor(q.cursor)) },
    include: withSession,
    orderBy: newestFirst,
    take: q.limit + 1,
  });
  const p = page(rows, q.limit);
  const usage = await spendUsage(
    db,
    p.rows.map((r) => r.id),
    now,
  );
  return { items: p.rows.map((r) => pairingView(r, usage.get(r.id))), nextCursor: p.nextCursor };
}

export async function getOwnedPairing(ownerId: string, machineId: string, pairingId: string, now: Date) {
  const db = await getDb();
  await ownedMachine(db, ownerId, machineId);
  return viewWithUsage(await pairingOnMachine(db, machineId, pairingId), now);
}

export async function viewWithUsage(row: PairingRow, now: Date) {
  const usage = await spendUsage(await getDb(), [row.id], now);
  return pairingView(row, usage.get(row.id));
}
