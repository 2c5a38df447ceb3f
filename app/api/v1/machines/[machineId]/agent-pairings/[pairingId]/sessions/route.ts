import { handler, item } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { parseWith } from "@/lib/http/validate";
import { rotateBody, rotateSession } from "@/lib/pairing/rotate-session";

/** No owner credential: the agent's signature over a rotate challenge is the credential (spec §2). */
export const POST = handler<{ machineId: string; pairingId: string }>(async ({ req, params, ctx }) => {
  const body = parseWith(rotateBody, await readJson(req));
  return item(await rotateSession(params.machineId, params.pairingId, body, ctx));
});
