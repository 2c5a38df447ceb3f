import { Prisma } from "@/lib/generated/prisma/client";
import type { Db, Tx } from "@/lib/db/client";
import { newId } from "@/lib/ids";

export type EventType =
  | "machine.created"
  | "machine.updated"
  | "machine.activated"
  | "machine.bonded"
  | "machine.identity_challenge_issued"
  | "machine.identity_proof_rejected"
  | "pairing.challenge_issued"
  | "pairing.created"
  | "pairing.proof_rejected"
  | "pairing.policy_updated"
  | "pairing.updated"
  | "pairing.paused"
  | "pairing.resumed"
  | "pairing.session_rotated"
  | "pairing.revoked"
  | "pairing.revoke_blocked"
  | "order.created"
  | "order.denied"
  | "order.cancelled"
  | "order.executed"
  | "order.confirmed"
  | "order.disputed";

export type NewEvent = {
  machineId: string;
  pairingId?: string | null;
  orderId?: string | null;
  actor: string;
  type: EventType;
  decision?: "allowed" | "denied";
  rule?: string;
  details?: Record<string, unknown>;
  at: Date;
};

export const ownerActor = (ownerId: string) => `owner:${ownerId}`;
export const agentActor = (address: string) => `agent:${address}`;

/** Appends to the audit log; call it inside the transaction that made the change. */
export async function recordEvent(client: Tx | Db, e: NewEvent): Promise<void> {
  await client.event.create({
    data: {
      id: newId("evt"),
      at: e.at,
      machineId: e.machineId,
      pairingId: e.pairingId ?? null,
      orderId: e.orderId ?? null,
      actor: e.actor,
      type: e.type,
      decision: e.decision ?? null,
      rule: e.rule ?? null,
      details: (e.details ?? {}) as Prisma.InputJsonObject,
    },
  });
}

export type EventView = {
  id: string;
  at: string;
  machineId: string;
  pairingId?: string;
  orderId?: string;
  actor: string;
  type: string;
  decision?: string;
  rule?: string;
  details: unknown;
};

type EventRow = {
  id: string;
  at: Date;
  machineId: string;
  pairingId: string | null;
  orderId: string | null;
  actor: string;
  type: string;
  decision: string | null;
  rule: string | null;
  details: unknown;
};

export function eventView(e: EventRow): EventView {
  return {
    id: e.id,
    at: e.at.toISOString(),
    machineId: e.machineId,
    ...(e.pairingId ? { pairingId: e.pairingId } : {}),
    ...(e.orderId ? { orderId: e.orderId } : {}),
    actor: e.actor,
    type: e.type,
    ...(e.decision ? { decision: e.decision } : {}),
    ...(e.rule ? { rule: e.rule } : {}),
    details: e.details,
  };
}
