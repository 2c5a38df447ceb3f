import { handler, item, items } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { parseQuery, parseWith } from "@/lib/http/validate";
import { createOrder, createOrderBody } from "@/lib/market/create-order";
import { marketCaller } from "@/lib/market/market-caller";
import { listOrders, listOrdersQuery } from "@/lib/market/read-orders";
import { agentClaims } from "@/lib/pairing/authenticate-agent";

export const GET = handler(async ({ req, ctx }) => {
  const caller = await marketCaller(req, ctx);
  const { items: list, nextCursor } = await listOrders(caller, parseQuery(listOrdersQuery, req));
  return items(list, nextCursor);
});

/** Checks 1–2 (token present, genuine, unexpired) here; 3–11 in createOrder. */
export const POST = handler(async ({ req, ctx }) => {
  const claims = await agentClaims(req, ctx);
  const body = parseWith(createOrderBody, await readJson(req));
  return item(await createOrder(claims, body, ctx), 201);
});
