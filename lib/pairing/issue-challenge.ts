import { z } from "zod";
import { getConfig } from "@/lib/config/env";
import { getDb, transaction } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/events";
import type { RequestContext } from "@/lib/http/request-context";
import { addressSchema, shortText } from "@/lib/http/schemas";
import { newId, newNonce } from "@/lib/ids";
import { resolveAgentDid } from "./agent-did";
import { pairingChallengeMessage } from "./challenge-message";
import { pairingOnMachine } from "./load-pairing";

export const challengeBody = z.strictObject({
  agentAddress: addressSchema,
  agentProvider: shortText(64),
  agentRole: shortText(64),
  agentDid: z.string().max(200).optional(),
  pairingId: z.string().max(64).optional(),
});

export type ChallengeCaller = { actor: string } & ({ kind: "owner" } | { kind: "agent"; pairingId: string });

const invalid = (path: string, message: string) =>
  new ApiError("VALIDATION_ERROR", "The request body is invalid.", { issues: [{ path, message }] });

/**
 * Issues a pair or rotate challenge. The caller has already been resolved: an owner of the machine
 * (checked by the route), or an agent whose token names this pairing.
 */
export async function issuePairingChallenge(
  machineId: string,
  body: z.output<typeof challengeBody>,
  caller: ChallengeCaller,
  ctx: RequestContext,
) {
  let agentDid = resolveAgentDid(body.agentAddress, body.agentDid);
  if (!agentDid) throw invalid("agentDid", "must be did:pkh:eip155:<chainId>:<agentAddress> naming agentAddress");
  const db = await getDb();
  const purpose = body.pairingId === undefined ? "pair" : "rotate";
  if (caller.kind === "agent" && body.pairingId !== caller.pairingId) {
    throw new ApiError("FORBIDDEN", "An agent may only request rotation challenges for its own pairing.");
  }
  if (body.pairingId !== undefined) {
    const pairing = await pairingOnMachine(db, machineId, body.pairingId);
    if (pairing.status !== "active") {
      throw new ApiError("AGENT_PAIRING_INACTIVE", `The pairing is ${pairing.status}.`, { status: pairing.status });
    }
    if (pairing.agentAddress !== body.agentAddress) throw invalid("agentAddress", "is not this pairing's agent");
    if (pairing.agentProvider !== body.agentProvider) throw invalid("agentProvider", "is not this pairing's provider");
    if (pairing.agentRole !== body.agentRole) throw invalid("agentRole", "is not this pairing's role");
    // The rotated token carries the pairing's DID, so the signed message names that one.
    if (body.agentDid === undefined) agentDid = pairing.agentDid ?? agentDid;
    else if (agentDid !== pairing.agentDid) throw invalid("agentDid", "is not this pairing's agent DID");
  }
  const challengeId = newId("apc");
  const nonce = newNonce();
  const issuedAt = ctx.now;
  const expiresAt = new Date(issuedAt.getTime() + getConfig().challengeTtlMs);
  const message = pairingChallengeMessage({
    host: ctx.publicHost,
    agentAddress: body.agentAddress,
    purpose,
    machineId,
    agentProvider: body.agentProvider,
    agentRole: body.agentRole,
    agentDid,
    challengeId,
    nonce,
    issuedAt,
    expiresAt,
  });
  const data = {
    id: challengeId,
    machineId,
    agentAddress: body.agentAddress,
    agentDid,
    agentProvider: body.agentProvider,
    agentRole: body.agentRole,
    purpose,
    pairingId: body.pairingId ?? null,
    nonce,
    message,
    issuedAt,
    expiresAt,
  };
  await transaction(async (tx) => {
    await tx.agentPairingChallenge.create({ data });
    await recordEvent(tx, {
      at: ctx.now,
      machineId,
      pairingId: data.pairingId,
      actor: caller.actor,
      type: "pairing.challenge_issued",
      details: { challengeId, purpose, agentAddress: body.agentAddress, expiresAt: expiresAt.toISOString() },
    });
  });
  return {
    challengeId,
    machineId,
    agentAddress: data.agentAddress,
    agentDid,
    agentProvider: data.agentProvider,
    agentRole: data.agentRole,
    purpose,
    pairingId: data.pairingId,
    nonce,
    message,
    issuedAt: issuedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    verificationMethod: "eip191" as const,
    challenge_id: challengeId,
    expires_at: expiresAt.toISOString(),
  };
}
