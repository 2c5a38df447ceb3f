import { handler, item } from "@/lib/http/handler";
import { emptyBody } from "@/lib/http/validate";
import { marketCaller } from "@/lib/market/market-caller";
import { cancelOrder } from "@/lib/market/order-transitions";

/** The owner or the order's agent; a paused pairing's agent may still cancel to release budget. */
export const POST = handler<{ orderId: string }>(async ({ req, params, ctx }) => {
  const caller = await marketCaller(req, ctx);
  await emptyBody(req);
  return item(await cancelOrder(caller, params.orderId, ctx));
});
