import { requireOwner } from "@/lib/auth/owner-caller";
import { handler, item } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { parseWith } from "@/lib/http/validate";
import { identityChallengeBody, issueIdentityChallenge } from "@/lib/machines/identity-challenge";

export const POST = handler(async ({ req, ctx }) => {
  const owner = await requireOwner(req, ctx);
  const body = parseWith(identityChallengeBody, await readJson(req));
  return item(await issueIdentityChallenge(owner.ownerId, body, ctx), 201);
});
