import { requireOwner } from "@/lib/auth/owner-caller";
import { handler, item } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { parseWith } from "@/lib/http/validate";
import { agentClaims, authorizeAgent, hasAgentToken } from "@/lib/pairing/authenticate-agent";
import { getOwnedPairing, viewWithUsage } from "@/lib/pairing/read-pairings";
import { revokePairing } from "@/lib/pairing/revoke-pairing";
import { parseIfMatch, updatePairing, updatePairingBody } from "@/lib/pairing/update-pairing";

type P = { machineId: string; pairingId: string };

const etag = (hash: string) => ({ etag: `"${hash}"` });

/** The owner, or the pairing's own agent with a token of the current session. */
export const GET = handler<P>(async ({ req, params, ctx }) => {
  if (hasAgentToken(req)) {
    const { pairing } = await authorizeAgent(await agentClaims(req, ctx, { expiredIsInvalid: true }), params, "read");
    const view = await viewWithUsage(pairing, ctx.now);
    return item(view, 200, etag(view.delegationPolicyHash));
  }
  const owner = await requireOwner(req, ctx);
  const view = await getOwnedPairing(owner.ownerId, params.machineId, params.pairingId, ctx.now);
  return item(view, 200, etag(view.delegationPolicyHash));
});

export const PATCH = handler<P>(async ({ req, params, ctx }) => {
  const owner = await requireOwner(req, ctx);
  const body = parseWith(updatePairingBody, await readJson(req));
  const ifMatch = parseIfMatch(req.headers.get("if-match"));
  const view = await updatePairing(owner.ownerId, params.machineId, params.pairingId, body, ifMatch, ctx);
  return item(view, 200, etag(view.delegationPolicyHash));
});

export const DELETE = handler<P>(async ({ req, params, ctx }) => {
  const owner = await requireOwner(req, ctx);
  return item(await revokePairing(owner.ownerId, params.machineId, params.pairingId, ctx));
});
