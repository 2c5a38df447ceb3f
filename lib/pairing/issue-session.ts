import { createHash } from "node:crypto";
import { getConfig } from "@/lib/config/env";
import type { Tx } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { signSessionToken } from "./session-token";
import { signingKeys, type SigningKey } from "./signing-keys";

export function requireSigningKey(): SigningKey {
  const key = signingKeys().current;
  if (!key) throw new ApiError("AGENT_PAIRING_UNAVAILABLE", "Agent sessions cannot be issued: no signing secret is configured.");
  return key;
}

export type PreparedSession = {
  token: string;
  row: { id: string; tokenId: string; tokenHash: string; lastFour: string; issuedAt: Date; expiresAt: Date };
};

/** Signs a token for a session that the caller then stores in its transaction; the token itself is never stored. */
export async function prepareSession(
  key: SigningKey,
  t: {
    issuer: string;
    machineId: string;
    pairingId: string;
    agentAddress: string;
    agentDid: string | null;
    delegationPolicyHash: string;
    now: Date;
  },
): Promise<PreparedSession> {
  const sessionId = newId("ses");
  const tokenId = newId("tok");
  // JWT times are whole seconds; the stored times are the same instants, so they agree exactly.
  const issuedAt = new Date(Math.floor(t.now.getTime() / 1000) * 1000);
  const expiresAt = new Date(Math.floor((t.now.getTime() + getConfig().sessionTtlMs) / 1000) * 1000);
  const token = await signSessionToken(key, { ...t, sessionId, tokenId, issuedAt, expiresAt });
  return {
    token,
    row: {
      id: sessionId,
      tokenId,
      tokenHash: createHash("sha256").update(token).digest("hex"),
      lastFour: token.slice(-4),
      issuedAt,
      expiresAt,
    },
  };
}

export async function storeSession(tx: Tx, pairingId: string, s: PreparedSession) {
  await tx.agentSession.create({ data: { ...s.row, pairingId } });
}
