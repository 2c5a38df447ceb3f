import type { Tx } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";

/**
 * Marks the challenge used in one compare-and-set statement, inside the caller's transaction: of
 * any number of concurrent requests carrying one proof, exactly one gets the row.
 */
export async function consumeChallenge(tx: Tx, challengeId: string, now: Date): Promise<void> {
  const count =
    await tx.$executeRaw`UPDATE "AgentPairingChallenge" SET "usedAt" = ${now} WHERE "id" = ${challengeId} AND "usedAt" IS NULL`;
  if (count !== 1)
    throw new ApiError("AGENT_PAIRING_PROOF_INVALID", "The agent proof is not valid.", { reason: "CHALLENGE_USED" });
}
