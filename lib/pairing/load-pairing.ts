import type { Db, Tx } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { withSession, type PairingRow } from "./pairing-view";

/** The pairing with its current session, if it is on that machine; 404 otherwise. */
export async function pairingOnMachine(client: Db | Tx, machineId: string, pairingId: string): Promise<PairingRow> {
  const pairing = isId("apr", pairingId)
    ? await client.agentPairing.findUnique({ where: { id: pairingId }, include: withSession })
    : null;
  if (!pairing || pairing.machineId !== machineId) throw notFound("Agent pairing");
  return pairing;
}

/**
 * Row lock that serialises every write to one pairing (both PGlite and PostgreSQL honour it); 404
 * when the pairing is not on that machine, so callers need no separate existence read.
 */
export async function lockPairing(tx: Tx, machineId: string, pairingId: string): Promise<PairingRow> {
  const found = isId("apr", pairingId)
    ? await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "AgentPairing" WHERE "id" = ${pairingId} AND "machineId" = ${machineId} FOR UPDATE`
    : [];
  if (found.length === 0) throw notFound("Agent pairing");
  return tx.agentPairing.findUniqueOrThrow({ where: { id: pairingId }, include: withSession });
}
