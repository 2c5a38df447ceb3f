import { getDb } from "@/lib/db/client";

export const PRUNE_AFTER_MS = 7 * 86_400_000;

/**
 * Challenges, searches and quotes are only useful until they expire; this drops those that expired
 * (or were used) more than a week ago, keeping a window for audits. Orders and events are never pruned.
 */
export async function pruneExpired(now = new Date(), keepMs = PRUNE_AFTER_MS) {
  const db = await getDb();
  const before = new Date(now.getTime() - keepMs);
  const machineChallenges = await db.machineIdentityChallenge.deleteMany({ where: { expiresAt: { lt: before } } });
  const pairingChallenges = await db.agentPairingChallenge.deleteMany({ where: { expiresAt: { lt: before } } });
  const quotes = await db.marketQuote.deleteMany({ where: { expiresAt: { lt: before } } });
  const searches = await db.marketSearch.deleteMany({ where: { createdAt: { lt: before }, quotes: { none: {} } } });
  return {
    machineChallenges: machineChallenges.count,
    pairingChallenges: pairingChallenges.count,
    quotes: quotes.count,
    searches: searches.count,
  };
}
