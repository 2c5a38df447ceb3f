import { requireOwner } from "@/lib/auth/owner-caller";
import { handler, items } from "@/lib/http/handler";
import { parseQuery } from "@/lib/http/validate";
import { listEventsQuery, listMachineEvents } from "@/lib/machines/list-machines";

export const GET = handler<{ machineId: string }>(async ({ req, params, ctx }) => {
  const owner = await requireOwner(req, ctx);
  const { items: list, nextCursor } = await listMachineEvents(owner.ownerId, params.machineId, parseQuery(listEventsQuery, req));
  return items(list, nextCursor);
});
