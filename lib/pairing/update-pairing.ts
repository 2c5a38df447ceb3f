import { z } from "zod";
import { getDb, transaction } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/errors";
import { ownerActor, recordEvent } from "@/lib/events/events";
import type { RequestContext } from "@/lib/http/request-context";
import { shortText } from "@/lib/http/schemas";
import { ownedMachine } from "@/lib/machines/owned-machine";
import { spendUsage } from "@/lib/market/spend-usage";
import { delegationPolicySchema, policyFromStored, policyHash, policyToStored, policyView } from "@/lib/policy/delegation-policy";
import { lockPairing } from "./load-pairing";
import { pairingView } from "./pairing-view";

export const updatePairingBody = z
  .strictObject({
    status: z.enum(["active", "paused"]).optional(),
    delegationPolicy: delegationPolicySchema.optional(),
    description: z.string().max(500).nullish(),
    agentRole: shortText(64).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "send at least one field to change");

/**
 * `"sha256:…"`, quoted or not, weak or strong: the comparison is on the hash itself. `*` matches any
 * current version (RFC 9110), so it sets no precondition.
 */
export function parseIfMatch(header: string | null): string | null {
  if (header === null || header.trim() === "*") return null;
  return header
    .trim()
    .replace(/^W\//, "")
    .replace(/^"(.*)"$/, "$1");
}

/**
 * Spec §4.5. Runs under the pairing's row lock, so the If-Match comparison and the write are one
 * step even when two owners edit at once.
 */
export async function updatePairing(
  ownerId: string,
  machineId: string,
  pairingId: string,
  body: z.output<typeof updatePairingBody>,
  ifMatch: string | null,
  ctx: RequestContext,
) {
  const db = await getDb();
  await ownedMachine(db, ownerId, machineId);
  const actor = ownerActor(ownerId);
  const row = await transaction(async (tx) => {
    const p = await lockPairing(tx, machineId, pairingId);
    if (p.status === "revoked")
      throw new ApiError("AGENT_PAIRING_INACTIVE", "A revoked pairing cannot be changed.", { status: p.status });
    if (ifMatch !== null && ifMatch !== p.delegationPolicyHash) {
      throw new ApiError("PRECONDITION_FAILED", "The policy was changed by someone else; reload and retry.", {
        currentDelegationPolicyHash: p.delegationPolicyHash,
      });
    }
    const data: Prisma.AgentPairingUpdateInput = { updatedAt: ctx.now };
    const event = { at: ctx.now, machineId, pairingId, actor };
    if (body.delegationPolicy) {
      const hash = policyHash(body.delegationPolicy);
      if (hash !== p.delegationPolicyHash) {
        data.delegationPolicy = policyToStored(body.delegationPolicy) as Prisma.InputJsonObject;
        data.delegationPolicyHash = hash;
        await recordEvent(tx, {
          ...event,
          type: "pairing.policy_updated",
          details: {
            before: policyView(policyFromStored(p.delegationPolicy)),
            after: policyView(body.delegationPolicy),
            beforeHash: p.delegationPolicyHash,
            afterHash: hash,
          },
        });
      }
    }
    if (body.status && body.status !== p.status) {
      data.status = body.status;
      await recordEvent(tx, { ...event, type: body.status === "paused" ? "pairing.paused" : "pairing.resumed", details: {} });
    }
    const changed: Record<string, unknown> = {};
    if (body.description !== undefined && (body.description ?? null) !== p.description) {
      data.description = body.description ?? null;
      changed.description = { before: p.description, after: body.description ?? null };
    }
    if (body.agentRole !== undefined && body.agentRole !== p.agentRole) {
      data.agentRole = body.agentRole;
      changed.agentRole = { before: p.agentRole, after: body.agentRole };
    }
    if (Object.keys(changed).length) await recordEvent(tx, { ...event, type: "pairing.updated", details: changed });
    return tx.agentPairing.update({ where: { id: pairingId }, data, include: { currentSession: true } });
  });
  const usage = (await spendUsage(db, [pairingId], ctx.now)).get(pairingId);
  return pairingView(row, usage);
}
