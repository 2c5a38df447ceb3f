import { handler, items } from "@/lib/http/handler";
import { listSkills } from "@/lib/market/catalogue";
import { marketCaller } from "@/lib/market/market-caller";

export const GET = handler(async ({ req, ctx }) => {
  await marketCaller(req, ctx);
  return items(await listSkills(), null);
});
