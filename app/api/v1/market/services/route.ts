import { handler, items } from "@/lib/http/handler";
import { parseQuery } from "@/lib/http/validate";
import { listServices, listServicesQuery } from "@/lib/market/catalogue";
import { marketCaller } from "@/lib/market/market-caller";

export const GET = handler(async ({ req, ctx }) => {
  await marketCaller(req, ctx);
  const { items: list, nextCursor } = await listServices(parseQuery(listServicesQuery, req));
  return items(list, nextCursor);
});
