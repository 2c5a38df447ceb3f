import { handler, item } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { parseWith } from "@/lib/http/validate";
import { searchBody, searchMarket } from "@/lib/market/search";
import { agentClaims } from "@/lib/pairing/authenticate-agent";

export const POST = handler(async ({ req, ctx }) => {
  const claims = await agentClaims(req, ctx);
  const body = parseWith(searchBody, await readJson(req));
  return item(await searchMarket(claims, body, ctx), 201);
});
