import { requireOwner } from "@/lib/auth/owner-caller";
import { handler, item, items } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { parseQuery, parseWith } from "@/lib/http/validate";
import { createPairing, createPairingBody } from "@/lib/pairing/create-pairing";
import { listPairings, listPairingsQuery } from "@/lib/pairing/read-pairings";

type P = { machineId: string };

export const GET = handler<P>(async ({ req, params, ctx }) => {
  const owner = await requireOwner(req, ctx);
  const q = parseQuery(listPairingsQuery, req);
  const { items: list, nextCursor } = await listPairings(owner.ownerId, params.machineId, q, ctx.now);
  return items(list, nextCursor);
});

export const POST = handler<P>(async ({ req, params, ctx }) => {
  const owner = await requireOwner(req, ctx);
  const body = parseWith(createPairingBody, await readJson(req));
  return item(await createPairing(owner.ownerId, params.machineId, body, ctx), 201);
});
