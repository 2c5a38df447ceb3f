import { z } from "zod";
import { verifyPersonalSign } from "@/lib/auth/verify-signature";
import { getDb } from "@/lib/db/client";
import type { AgentPairingChallenge } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/events";
import { signatureSchema } from "@/lib/http/schemas";
import { isId } from "@/lib/ids";

export const agentProofSchema = z.strictObject({ challengeId: z.string().min(1).max(64), signature: signatureSchema });
export type AgentProof = z.output<typeof agentProofSchema>;

export type ProofExpectation = {
  machineId: string;
  purpose: "pair" | "rotate";
  agentAddress: string;
  agentProvider?: string;
  agentRole?: string;
  agentDid?: string;
  pairingId?: string;
};

/**
 * Spec §4.3's proof checks, in order: the challenge matches and is unused (INVALID), is not expired
 * (EXPIRED), and the signature recovers to the agent (INVALID). Nothing is consumed here: the caller
 * consumes the challenge atomically with its write. Rejections are written to the event log.
 */
export async function verifyAgentProof(
  proof: AgentProof,
  expect: ProofExpectation,
  now: Date,
  actor: string,
): Promise<AgentPairingChallenge> {
  const db = await getDb();
  const c = isId("apc", proof.challengeId)
    ? await db.agentPairingChallenge.findUnique({ where: { id: proof.challengeId } })
    : null;
  const reject = async (code: "AGENT_PAIRING_PROOF_INVALID" | "AGENT_PAIRING_PROOF_EXPIRED", reason: string) => {
    // Only proofs over a challenge issued for this machine are logged: the rotation endpoint takes
    // no credential, so logging made-up challenge ids would let anyone fill an owner's audit log.
    if (c?.machineId === expect.machineId) {
      await recordEvent(db, {
        at: now,
        machineId: expect.machineId,
        pairingId: expect.pairingId ?? null,
        actor,
        type: "pairing.proof_rejected",
        decision: "denied",
        rule: reason,
        details: { challengeId: proof.challengeId, purpose: expect.purpose, agentAddress: expect.agentAddress },
      });
    }
    return new ApiError(
      code,
      code === "AGENT_PAIRING_PROOF_EXPIRED" ? "The challenge has expired; request a new one." : "The agent proof is not valid.",
      { reason },
    );
  };
  const matches =
    c !== null &&
    c.machineId === expect.machineId &&
    c.purpose === expect.purpose &&
    c.agentAddress === expect.agentAddress &&
    (expect.agentProvider === undefined || c.agentProvider === expect.agentProvider) &&
    (expect.agentRole === undefined || c.agentRole === expect.agentRole) &&
    (expect.agentDid === undefined || c.agentDid === expect.agentDid) &&
    (c.pairingId ?? undefined) === expect.pairingId;
  if (!c || !matches) throw await reject("AGENT_PAIRING_PROOF_INVALID", "CHALLENGE_MISMATCH");
  if (c.usedAt) throw await reject("AGENT_PAIRING_PROOF_INVALID", "CHALLENGE_USED");
  if (c.expiresAt <= now) throw await reject("AGENT_PAIRING_PROOF_EXPIRED", "CHALLENGE_EXPIRED");
  if (!(await verifyPersonalSign(c.agentAddress, c.message, proof.signature))) {
    throw await reject("AGENT_PAIRING_PROOF_INVALID", "BAD_SIGNATURE");
  }
  return c;
}
