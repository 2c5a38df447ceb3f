import { requireOwner } from "@/lib/auth/owner-caller";
import type { RequestContext } from "@/lib/http/request-context";
import { agentClaims, authorizeAgent, hasAgentToken, type AgentAccess } from "@/lib/pairing/authenticate-agent";

export type MarketCaller = { kind: "owner"; ownerId: string } | ({ kind: "agent" } & AgentAccess);

/**
 * Market reads take either plane: an agent token of its pairing's current session, or an owner
 * credential. Agent writes go through authorizeAgent(…, "write") in the write functions instead.
 */
export async function marketCaller(req: Request, ctx: RequestContext): Promise<MarketCaller> {
  if (hasAgentToken(req)) {
    const claims = await agentClaims(req, ctx);
    const access = await authorizeAgent(claims, { machineId: claims.machineId, pairingId: claims.pairingId }, "read");
    return { kind: "agent", ...access };
  }
  const owner = await requireOwner(req, ctx);
  return { kind: "owner", ownerId: owner.ownerId };
}
