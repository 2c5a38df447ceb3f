import { requireOwner } from "@/lib/auth/owner-caller";
import { handler, item } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { parseWith } from "@/lib/http/validate";
import { getMachine } from "@/lib/machines/list-machines";
import { updateMachine, updateMachineBody } from "@/lib/machines/update-machine";

type P = { machineId: string };

export const GET = handler<P>(async ({ req, params, ctx }) => {
  const owner = await requireOwner(req, ctx);
  return item(await getMachine(owner.ownerId, params.machineId));
});

export const PATCH = handler<P>(async ({ req, params, ctx }) => {
  const owner = await requireOwner(req, ctx);
  const body = parseWith(updateMachineBody, await readJson(req));
  return item(await updateMachine(owner.ownerId, params.machineId, body, ctx));
});
