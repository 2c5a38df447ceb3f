import type { RequestContext } from "@/lib/http/request-context";
import { agentClaims, authorizeAgent } from "@/lib/pairing/authenticate-agent";
import type { MarketCaller } from "./market-caller";

/** execute, received and dispute are the agent's market writes: checks 1–7 apply. */
export async function agentWriter(req: Request, ctx: RequestContext): Promise<MarketCaller> {
  const claims = await agentClaims(req, ctx);
  const access = await authorizeAgent(claims, { machineId: claims.machineId, pairingId: claims.pairingId }, "write");
  return { kind: "agent", ...access };
}
