import { z } from "zod";
import { getConfig } from "@/lib/config/env";
import { getDb, transaction } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/errors";
import { ownerActor, recordEvent } from "@/lib/events/events";
import type { RequestContext } from "@/lib/http/request-context";
import { addressSchema, shortText } from "@/lib/http/schemas";
import { newId } from "@/lib/ids";
import { ownedMachine } from "@/lib/machines/owned-machine";
import { delegationPolicySchema, EMPTY_POLICY, policyHash, policyToStored } from "@/lib/policy/delegation-policy";
import { resolveAgentDid } from "./agent-did";
import { consumeChallenge } from "./consume-challenge";
import { prepareSession, requireSigningKey, storeSession } from "./issue-session";
import { pairingView, withSession, withToken } from "./pairing-view";
import { agentProofSchema, verifyAgentProof } from "./verify-agent-proof";

export const createPairingBody = z.strictObject({
  agentAddress: addressSchema,
  agentProvider: shortText(64),
  agentRole: shortText(64),
  agentDid: z.string().max(200).optional(),
  description: z.string().max(500).nullish(),
  delegationPolicy: delegationPolicySchema.optional(),
  agentProof: agentProofSchema.optional(),
});

const pairingExists = () =>
  new ApiError("AGENT_PAIRING_EXISTS", "This agent already has a pairing on this machine; revoke it first.");

/** Spec §4.3, checks in the listed order. */
export async function createPairing(
  ownerId: string,
  machineId: string,
  body: z.output<typeof createPairingBody>,
  ctx: RequestContext,
) {
  const agentDid = resolveAgentDid(body.agentAddress, body.agentDid);
  if (!agentDid) {
    throw new ApiError("VALIDATION_ERROR", "The request body is invalid.", {
      issues: [{ path: "agentDid", message: "must be did:pkh:eip155:<chainId>:<agentAddress> naming agentAddress" }],
    });
  }
  const db = await getDb();
  const machine = await ownedMachine(db, ownerId, machineId);
  if (machine.status !== "active") {
    throw new ApiError("MACHINE_NOT_ACTIVE", `The machine is ${machine.status}, not active.`, { status: machine.status });
  }
  if (!machine.identityProof) {
    throw new ApiError("MACHINE_IDENTITY_PROOF_REQUIRED", "The machine has no verified identity.");
  }
  const actor = ownerActor(ownerId);
  let verification: Record<string, string> | null = null;
  let challengeId: string | null = null;
  if (getConfig().agentPairingVerification || body.agentProof) {
    if (!body.agentProof) throw new ApiError("AGENT_PAIRING_PROOF_REQUIRED", "Pairing needs agentProof: a signed challenge.");
    const challenge = await verifyAgentProof(
      body.agentProof,
      {
        machineId,
        purpose: "pair",
        agentAddress: body.agentAddress,
        agentProvider: body.agentProvider,
        agentRole: body.agentRole,
        agentDid,
      },
      ctx.now,
      actor,
    );
    challengeId = challenge.id;
    verification = {
      method: "eip191",
      signerAddress: challenge.agentAddress,
      verifiedAt: ctx.now.toISOString(),
      challengeExpiresAt: challenge.expiresAt.toISOString(),
    };
  }
  const policy = body.delegationPolicy ?? EMPTY_POLICY;
  const hash = policyHash(policy);
  const pairingId = newId("apr");
  try {
    const { row, token } = await transaction(async (tx) => {
      // Consuming first makes a replayed proof PROOF_INVALID even when the original has just paired;
      // any later failure rolls the consumption back.
      if (challengeId) await consumeChallenge(tx, challengeId, ctx.now);
      const live = await tx.agentPairing.findFirst({
        where: { machineId, liveAgentAddress: body.agentAddress },
        select: { id: true },
      });
      if (live) throw pairingExists();
      const session = await prepareSession(requireSigningKey(), {
        issuer: ctx.publicUrl,
        machineId,
        pairingId,
        agentAddress: body.agentAddress,
        agentDid,
        delegationPolicyHash: hash,
        now: ctx.now,
      });
      await tx.agentPairing.create({
        data: {
          id: pairingId,
          machineId,
          status: "active",
          agentAddress: body.agentAddress,
          liveAgentAddress: body.agentAddress,
          agentDid,
          agentProvider: body.agentProvider,
          agentRole: body.agentRole,
          description: body.description ?? null,
          verification: verification ?? Prisma.DbNull,
          delegationPolicy: policyToStored(policy) as Prisma.InputJsonObject,
          delegationPolicyHash: hash,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        },
      });
      await storeSession(tx, pairingId, session);
      const created = await tx.agentPairing.update({
        where: { id: pairingId },
        data: { currentSessionId: session.row.id },
        include: withSession,
      });
      await recordEvent(tx, {
        at: ctx.now,
        machineId,
        pairingId,
        actor,
        type: "pairing.created",
        details: {
          agentAddress: body.agentAddress,
          agentProvider: body.agentProvider,
          agentRole: body.agentRole,
          challengeId,
          delegationPolicyHash: hash,
        },
      });
      return { row: created, token: session.token };
    });
    return withToken(pairingView(row, { spent: 0n, reserved: 0n, oldestAt: null }), token);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw pairingExists();
    throw err;
  }
}
