import { handler, item } from "@/lib/http/handler";
import { marketCaller } from "@/lib/market/market-caller";
import { getOrder } from "@/lib/market/read-orders";

export const GET = handler<{ orderId: string }>(async ({ req, params, ctx }) => {
  return item(await getOrder(await marketCaller(req, ctx), params.orderId));
});
