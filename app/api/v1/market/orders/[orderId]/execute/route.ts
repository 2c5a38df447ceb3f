import { handler, item } from "@/lib/http/handler";
import { agentWriter } from "@/lib/market/agent-order-caller";
import { executeOrder } from "@/lib/market/order-transitions";

export const POST = handler<{ orderId: string }>(async ({ req, params, ctx }) => {
  return item(await executeOrder(await agentWriter(req, ctx), params.orderId, ctx));
});
