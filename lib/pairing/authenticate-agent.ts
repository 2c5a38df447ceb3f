import { getDb } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import type { Machine } from "@/lib/generated/prisma/client";
import { isId } from "@/lib/ids";
import { withSession, type PairingRow } from "./pairing-view";
import { verifySessionToken, type SessionClaims } from "./session-token";
import { signingKeys } from "./signing-keys";

export const AGENT_TOKEN_HEADER = "x-agent-pairing-token";

export const hasAgentToken = (req: Request) => req.headers.get(AGENT_TOKEN_HEADER) !== null;

/** Checks 1–2 of spec §4 "orders": a token is present, and its signature, issuer, audience and expiry hold. */
export async function agentClaims(req: Request, ctx: RequestContext, opts: { allowExpired?: boolean } = {}): Promise<SessionClaims> {
  const token = req.headers.get(AGENT_TOKEN_HEADER)?.trim();
  if (!token) throw new ApiError("AGENT_AUTH_REQUIRED", `Send the pairing token in the ${AGENT_TOKEN_HEADER} header.`);
  if (token.length > 4096) throw new ApiError("AGENT_AUTH_INVALID", "The agent pairing token is not valid.", { reason: "MALFORMED" });
  return verifySessionToken(token, signingKeys(), { issuer: ctx.publicUrl, now: ctx.now, allowExpired: opts.allowExpired });
}

const invalid = (reason: string, message = "The agent pairing token is not valid.") =>
  new ApiError("AGENT_AUTH_INVALID", message, { reason });

export type AgentAccess = { claims: SessionClaims; pairing: PairingRow & { machine: Machine } };

/**
 * Checks 3–7 of spec §4 "orders", in order, for the pairing a request names. `read` stops after the
 * session check, so an agent can still read a paused pairing or one whose policy changed.
 */
export async function authorizeAgent(
  claims: SessionClaims,
  target: { machineId: string; pairingId: string },
  mode: "read" | "write",
): Promise<AgentAccess> {
  if (claims.machineId !== target.machineId || claims.pairingId !== target.pairingId) {
    throw invalid("TOKEN_SCOPE", "The token was issued for another machine or pairing.");
  }
  const db = await getDb();
  const pairing = isId("apr", target.pairingId)
    ? await db.agentPairing.findUnique({ where: { id: target.pairingId }, include: { ...withSession, machine: true } })
    : null;
  if (!pairing || pairing.machineId !== target.machineId) {
    throw new ApiError("AGENT_PAIRING_REQUIRED", "No agent pairing with that id exists on that machine.");
  }
  // A revoked pairing has no session; in write mode it is reported as inactive (check 5) rather than replaced.
  const skipSessionCheck = mode === "write" && pairing.status === "revoked";
  if (!skipSessionCheck && claims.sessionId !== pairing.currentSessionId) {
    throw invalid("SESSION_REPLACED", "The token's session was replaced; use the newest token.");
  }
  if (mode === "read") return { claims, pairing };
  if (pairing.status !== "active") {
    throw new ApiError("AGENT_PAIRING_INACTIVE", `The pairing is ${pairing.status}.`, { status: pairing.status });
  }
  if (claims.delegationPolicyHash !== pairing.delegationPolicyHash) {
    throw invalid("POLICY_CHANGED", "The delegation policy changed; rotate the session to get a token for the new policy.");
  }
  if (pairing.machine.status !== "active") {
    throw new ApiError("MACHINE_NOT_ACTIVE", `The machine is ${pairing.machine.status}.`, { status: pairing.machine.status });
  }
  return { claims, pairing };
}
