import { z } from "zod";
import { getDb, transaction } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/errors";
import { agentActor, recordEvent } from "@/lib/events/events";
import type { RequestContext } from "@/lib/http/request-context";
import { spendUsage } from "@/lib/market/spend-usage";
import { consumeChallenge } from "./consume-challenge";
import { prepareSession, requireSigningKey, storeSession } from "./issue-session";
import { lockPairing, pairingOnMachine } from "./load-pairing";
import { pairingView, withSession, withToken } from "./pairing-view";
import { agentProofSchema, verifyAgentProof } from "./verify-agent-proof";

export const rotateBody = z.strictObject({ agentProof: agentProofSchema.optional() });

const inactive = (status: string) =>
  new ApiError("AGENT_PAIRING_INACTIVE", `The pairing is ${status}; its session cannot be rotated.`, { status });

/**
 * Spec §4.4. The agent's fresh signature over a rotate challenge is the only credential; the new
 * session replaces the old one at once. Rotation always needs a proof, whatever the pairing
 * verification setting, because nothing else authenticates this call.
 */
export async function rotateSession(
  machineId: string,
  pairingId: string,
  body: z.output<typeof rotateBody>,
  ctx: RequestContext,
) {
  const db = await getDb();
  const pairing = await pairingOnMachine(db, machineId, pairingId);
  if (pairing.status !== "active") throw inactive(pairing.status);
  if (!body.agentProof)
    throw new ApiError("AGENT_PAIRING_PROOF_REQUIRED", "Rotation needs agentProof: a signed rotate challenge.");
  const challenge = await verifyAgentProof(
    body.agentProof,
    { machineId, purpose: "rotate", agentAddress: pairing.agentAddress, pairingId },
    ctx.now,
    agentActor(pairing.agentAddress),
  );
  const key = requireSigningKey();
  const { row, token } = await transaction(async (tx) => {
    const locked = await lockPairing(tx, machineId, pairingId);
    if (locked.status !== "active") throw inactive(locked.status);
    await consumeChallenge(tx, challenge.id, ctx.now);
    // Signed under the lock, so the token carries the policy hash in force at this moment.
    const session = await prepareSession(key, {
      issuer: ctx.publicUrl,
      machineId,
      pairingId,
      agentAddress: locked.agentAddress,
      agentDid: locked.agentDid,
      delegationPolicyHash: locked.delegationPolicyHash,
      now: ctx.now,
    });
    await storeSession(tx, pairingId, session);
    if (locked.currentSessionId) {
      await tx.agentSession.update({ where: { id: locked.currentSessionId }, data: { endedAt: ctx.now } });
    }
    const updated = await tx.agentPairing.update({
      where: { id: pairingId },
      data: {
        currentSessionId: session.row.id,
        verification: {
          method: "eip191",
          signerAddress: challenge.agentAddress,
          verifiedAt: ctx.now.toISOString(),
          challengeExpiresAt: challenge.expiresAt.toISOString(),
        } as Prisma.InputJsonObject,
        updatedAt: ctx.now,
      },
      include: withSession,
    });
    await recordEvent(tx, {
      at: ctx.now,
      machineId,
      pairingId,
      actor: agentActor(pairing.agentAddress),
      type: "pairing.session_rotated",
      details: { challengeId: challenge.id, previousSessionId: locked.currentSessionId, sessionId: session.row.id },
    });
    return { row: updated, token: session.token };
  });
  const usage = (await spendUsage(db, [pairingId], ctx.now)).get(pairingId);
  return withToken(pairingView(row, usage), token);
}
