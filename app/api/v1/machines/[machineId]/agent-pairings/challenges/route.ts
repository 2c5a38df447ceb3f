import { requireOwner } from "@/lib/auth/owner-caller";
import { getDb } from "@/lib/db/client";
import { agentActor, ownerActor } from "@/lib/events/events";
import { handler, item } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { parseWith } from "@/lib/http/validate";
import { ownedMachine } from "@/lib/machines/owned-machine";
import { agentClaims, authorizeAgent, hasAgentToken } from "@/lib/pairing/authenticate-agent";
import { challengeBody, issuePairingChallenge, type ChallengeCaller } from "@/lib/pairing/issue-challenge";

/** The owner asks for pair or rotate challenges; an agent with its (even expired) token for rotation only. */
export const POST = handler<{ machineId: string }>(async ({ req, params, ctx }) => {
  let caller: ChallengeCaller;
  if (hasAgentToken(req)) {
    const claims = await agentClaims(req, ctx, { allowExpired: true });
    const { pairing } = await authorizeAgent(claims, { machineId: params.machineId, pairingId: claims.pairingId }, "read");
    caller = { kind: "agent", pairingId: pairing.id, actor: agentActor(pairing.agentAddress) };
  } else {
    const owner = await requireOwner(req, ctx);
    await ownedMachine(await getDb(), owner.ownerId, params.machineId);
    caller = { kind: "owner", actor: ownerActor(owner.ownerId) };
  }
  const body = parseWith(challengeBody, await readJson(req));
  return item(await issuePairingChallenge(params.machineId, body, caller, ctx), 201);
});
