import { getDb, transaction } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { ownerActor, recordEvent } from "@/lib/events/events";
import type { RequestContext } from "@/lib/http/request-context";
import { ownedMachine } from "@/lib/machines/owned-machine";
import { OPEN_STATUSES, spendUsage } from "@/lib/market/spend-usage";
import { lockPairing } from "./load-pairing";
import { pairingView } from "./pairing-view";

/**
 * Spec §4.6. Under the pairing lock (which order creation takes too), so no order can slip in
 * between the open-order check and the revoke. Idempotent; a revoked pairing never comes back.
 */
export async function revokePairing(ownerId: string, machineId: string, pairingId: string, ctx: RequestContext) {
  const db = await getDb();
  await ownedMachine(db, ownerId, machineId);
  const actor = ownerActor(ownerId);
  const result = await transaction(async (tx) => {
    const p = await lockPairing(tx, machineId, pairingId);
    if (p.status === "revoked") return { row: p, blocked: null };
    const open = await tx.marketOrder.findMany({
      where: { agentPairingId: pairingId, status: { in: [...OPEN_STATUSES] } },
      select: { id: true },
      orderBy: { createdAt: "asc" },
    });
    if (open.length) return { row: p, blocked: open.map((o) => o.id) };
    if (p.currentSessionId) {
      await tx.agentSession.update({ where: { id: p.currentSessionId }, data: { endedAt: ctx.now } });
    }
    const row = await tx.agentPairing.update({
      where: { id: pairingId },
      data: { status: "revoked", liveAgentAddress: null, currentSessionId: null, revokedAt: ctx.now, updatedAt: ctx.now },
      include: { currentSession: true },
    });
    await recordEvent(tx, {
      at: ctx.now,
      machineId,
      pairingId,
      actor,
      type: "pairing.revoked",
      details: { previousStatus: p.status, endedSessionId: p.currentSessionId },
    });
    return { row, blocked: null };
  });
  if (result.blocked) {
    await recordEvent(db, {
      at: ctx.now,
      machineId,
      pairingId,
      actor,
      type: "pairing.revoke_blocked",
      decision: "denied",
      rule: "OPEN_MARKET_ORDERS",
      details: { orderIds: result.blocked },
    });
    throw new ApiError("OPEN_MARKET_ORDERS", "The pairing has open market orders; cancel or settle them first.", {
      orderIds: result.blocked,
    });
  }
  const usage = (await spendUsage(db, [pairingId], ctx.now)).get(pairingId);
  return pairingView(result.row, usage);
}
