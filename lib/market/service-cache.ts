import { getDb } from "@/lib/db/client";
import type { MarketService } from "@/lib/generated/prisma/client";
import { isId } from "@/lib/ids";

// The catalogue is seeded, immutable data with stable ids: a short per-process cache saves a query
// on every order without holding anything instances must agree on.
const TTL_MS = 60_000;
const cache = new Map<string, { row: MarketService | null; at: number }>();

export async function findService(serviceId: string): Promise<MarketService | null> {
  if (!isId("svc", serviceId)) return null;
  const hit = cache.get(serviceId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.row;
  const db = await getDb();
  const row = await db.marketService.findUnique({ where: { id: serviceId } });
  if (cache.size > 10_000) cache.clear();
  cache.set(serviceId, { row, at: Date.now() });
  return row;
}
