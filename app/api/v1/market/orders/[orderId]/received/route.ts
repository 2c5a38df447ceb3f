import { handler, item } from "@/lib/http/handler";
import { emptyBody } from "@/lib/http/validate";
import { agentWriter } from "@/lib/market/agent-order-caller";
import { confirmReceived } from "@/lib/market/order-transitions";

export const POST = handler<{ orderId: string }>(async ({ req, params, ctx }) => {
  const caller = await agentWriter(req, ctx);
  await emptyBody(req);
  return item(await confirmReceived(caller, params.orderId, ctx));
});
