import { handler, item } from "@/lib/http/handler";
import { getService } from "@/lib/market/catalogue";
import { marketCaller } from "@/lib/market/market-caller";

export const GET = handler<{ serviceId: string }>(async ({ req, params, ctx }) => {
  await marketCaller(req, ctx);
  return item(await getService(params.serviceId));
});
