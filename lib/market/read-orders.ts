import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { before, decodeCursor, limitSchema, newestFirst, page } from "@/lib/http/pagination";
import { isId } from "@/lib/ids";
import type { MarketCaller } from "./market-caller";
import { orderView } from "./market-views";
import { visibleOrder } from "./order-transitions";

export const ORDER_STATUSES = [
  "created",
  "payment_pending",
  "ready",
  "executing",
  "delivered",
  "confirmed",
  "disputed",
  "cancelled",
  "failed",
  "handoff",
] as const;

export const listOrdersQuery = z.strictObject({
  machineId: z.string().min(1).max(64).optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  limit: limitSchema,
  cursor: z.string().max(512).optional(),
});

/** Owners see their machines' orders; an agent sees its own pairing's. Newest first. */
export async function listOrders(caller: MarketCaller, q: z.output<typeof listOrdersQuery>) {
  const db = await getDb();
  if (q.machineId !== undefined) {
    const visible =
      isId("mach", q.machineId) &&
      (caller.kind === "agent"
        ? caller.pairing.machineId === q.machineId
        : (await db.machine.findUnique({ where: { id: q.machineId }, select: { ownerId: true } }))?.ownerId === caller.ownerId);
    if (!visible) throw notFound("Machine");
  }
  const rows = await db.marketOrder.findMany({
    where: {
      ...(caller.kind === "agent" ? { agentPairingId: caller.pairing.id } : { machine: { ownerId: caller.ownerId } }),
      ...(q.machineId ? { machineId: q.machineId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...before(decodeCursor(q.cursor)),
    },
    orderBy: newestFirst,
    take: q.limit + 1,
  });
  const p = page(rows, q.limit);
  return { items: p.rows.map(orderView), nextCursor: p.nextCursor };
}

export async function getOrder(caller: MarketCaller, orderId: string) {
  return orderView(await visibleOrder(caller, orderId));
}
