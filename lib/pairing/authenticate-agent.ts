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
export async function agentClaims(
  req: Request,
  ctx: RequestContext,
  opts: { allowExpired?: boolean; expiredIsInvalid?: boolean } = {},
): Promise<SessionClaims> {
  const token = req.headers.get(AGENT_TOKEN_HEADER)?.trim();
  if (!token) throw new ApiError("AGENT_AUTH_REQUIRED", `Send the pairing token in the ${AGENT_TOKEN_HEADER} header.`);
  if (token.length > 4096)
    throw new ApiError("AGENT_AUTH_INVALID", "The agent pairing token is not valid.", { reason: "MALFORMED" });
  try {
    return await verifySessionToken(token, signingKeys(), {
      issuer: ctx.publicUrl,
      now: ctx.now,
      allowExpired: opts.allowExpired,
    });
  } catch (err) {
    // Spec §4.1: reading a pairing with "a replaced, expired or forged token is 401 AGENT_AUTH_INVALID".
    if (opts.expiredIsInvalid && err instanceof ApiError && err.code === "AGENT_AUTH_EXPIRED") {
      throw new ApiError("AGENT_AUTH_INVALID", "The agent pairing token has expired; rotate the session.", { reason: "EXPIRED" });
    }
    throw err;
  }
}

const invalid = (reason: string, message = "The agent pairing token is not valid.") =>
  new ApiError("AGENT_AUTH_INVALID", message, { reason });

export type AgentAccess = { claims: SessionClaims; pairing: PairingRow & { machine: Machine } };

/** What checks 4–7 look at; the order path reads it under the row lock in one query. */
export type AgentWriteState = {
  status: string;
  currentSessionId: string | null;
  delegationPolicyHash: string;
  machineStatus: string;
};

/** Check 3: the token names exactly the machine and pairing of the request. */
export function assertTokenScope(claims: SessionClaims, target: { machineId: string; pairingId: string }) {
  if (claims.machineId !== target.machineId || claims.pairingId !== target.pairingId) {
    throw invalid("TOKEN_SCOPE", "The token was issued for another machine or pairing.");
  }
}

/**
 * Checks 4–7 of spec §4 "orders", in order, on a pairing already loaded (null: none on that machine).
 * `read` stops after the session check, so an agent can still read a paused pairing or one whose
 * policy changed.
 */
export function agentAccessError(claims: SessionClaims, p: AgentWriteState | null, mode: "read" | "write"): ApiError | null {
  if (!p) return new ApiError("AGENT_PAIRING_REQUIRED", "No agent pairing with that id exists on that machine.");
  // A revoked pairing has no session; in write mode it is reported as inactive (check 5) rather than replaced.
  const skipSessionCheck = mode === "write" && p.status === "revoked";
  if (!skipSessionCheck && claims.sessionId !== p.currentSessionId) {
    return invalid("SESSION_REPLACED", "The token's session was replaced; use the newest token.");
  }
  if (mode === "read") return null;
  if (p.status !== "active") return new ApiError("AGENT_PAIRING_INACTIVE", `The pairing is ${p.status}.`, { status: p.status });
  if (claims.delegationPolicyHash !== p.delegationPolicyHash) {
    return invalid("POLICY_CHANGED", "The delegation policy changed; rotate the session to get a token for the new policy.");
  }
  if (p.machineStatus !== "active") {
    return new ApiError("MACHINE_NOT_ACTIVE", `The machine is ${p.machineStatus}.`, { status: p.machineStatus });
  }
  return null;
}

/** Checks 3–7 for the pairing a request names. */
export async function authorizeAgent(
  claims: SessionClaims,
  target: { machineId: string; pairingId: string },
  mode: "read" | "write",
): Promise<AgentAccess> {
  assertTokenScope(claims, target);
  const db = await getDb();
  const found = isId("apr", target.pairingId)
    ? await db.agentPairing.findUnique({ where: { id: target.pairingId }, include: { ...withSession, machine: true } })
    : null;
  const pairing = found && found.machineId === target.machineId ? found : null;
  const error = agentAccessError(claims, pairing && { ...pairing, machineStatus: pairing.machine.status }, mode);
  if (error) throw error;
  return { claims, pairing: pairing! };
}
