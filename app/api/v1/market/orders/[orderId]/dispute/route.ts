import { handler, item } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { parseWith } from "@/lib/http/validate";
import { agentWriter } from "@/lib/market/agent-order-caller";
import { disputeBody, disputeOrder } from "@/lib/market/order-transitions";

export const POST = handler<{ orderId: string }>(async ({ req, params, ctx }) => {
  const caller = await agentWriter(req, ctx);
  return item(await disputeOrder(caller, params.orderId, parseWith(disputeBody, await readJson(req)), ctx));
});
