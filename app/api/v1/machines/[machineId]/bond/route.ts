import { requireOwner } from "@/lib/auth/owner-caller";
import { handler, item } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { parseWith } from "@/lib/http/validate";
import { bondBody, bondMachine } from "@/lib/machines/update-machine";

export const POST = handler<{ machineId: string }>(async ({ req, params, ctx }) => {
  const owner = await requireOwner(req, ctx);
  const body = parseWith(bondBody, await readJson(req));
  return item(await bondMachine(owner.ownerId, params.machineId, body, ctx));
});
