import { handler, item } from "@/lib/http/handler";
import { marketCaller } from "@/lib/market/market-caller";
import { cancelOrder } from "@/lib/market/order-transitions";

/** The owner or the order's agent; a paused pairing's agent may still cancel to release budget. */
export const POST = handler<{ orderId: string }>(async ({ req, params, ctx }) => {
  return item(await cancelOrder(await marketCaller(req, ctx), params.orderId, ctx));
});
