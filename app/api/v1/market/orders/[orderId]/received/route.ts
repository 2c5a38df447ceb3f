import { handler, item } from "@/lib/http/handler";
import { agentWriter } from "@/lib/market/agent-order-caller";
import { confirmReceived } from "@/lib/market/order-transitions";

export const POST = handler<{ orderId: string }>(async ({ req, params, ctx }) => {
  return item(await confirmReceived(await agentWriter(req, ctx), params.orderId, ctx));
});
