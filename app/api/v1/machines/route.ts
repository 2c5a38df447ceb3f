import { requireOwner } from "@/lib/auth/owner-caller";
import { handler, item, items } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { parseQuery, parseWith } from "@/lib/http/validate";
import { createMachine, createMachineBody } from "@/lib/machines/create-machine";
import { listMachines, listMachinesQuery } from "@/lib/machines/list-machines";

export const GET = handler(async ({ req, ctx }) => {
  const owner = await requireOwner(req, ctx);
  const { items: list, nextCursor } = await listMachines(owner.ownerId, parseQuery(listMachinesQuery, req));
  return items(list, nextCursor);
});

export const POST = handler(async ({ req, ctx }) => {
  const owner = await requireOwner(req, ctx);
  const body = parseWith(createMachineBody, await readJson(req));
  return item(await createMachine(owner.ownerId, body, ctx), 201);
});
