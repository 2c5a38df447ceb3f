import { createHash, randomBytes } from "node:crypto";
import { getAddress } from "viem";
import { getDb, transaction } from "@/lib/db/client";
import { newId } from "@/lib/ids";

export const API_KEY_PREFIX = "pk_live_";

export const hashSecret = (value: string) => createHash("sha256").update(value).digest("hex");

export type ApiKeyView = {
  id: string;
  ownerId: string;
  name: string;
  lastFour: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

type Row = {
  id: string;
  ownerId: string;
  name: string;
  lastFour: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const view = (k: Row): ApiKeyView => ({
  id: k.id,
  ownerId: k.ownerId,
  name: k.name,
  lastFour: k.lastFour,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

/** Creates a key; the clear key is returned once and only its SHA-256 is stored. */
export async function createApiKey(owner: string, name = "default"): Promise<{ key: string; apiKey: ApiKeyView }> {
  const ownerId = getAddress(owner);
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  const row = await transaction(async (tx) => {
    await tx.owner.upsert({ where: { id: ownerId }, create: { id: ownerId }, update: {} });
    return tx.ownerApiKey.create({
      data: { id: newId("key"), ownerId, name, keyHash: hashSecret(key), lastFour: key.slice(-4) },
    });
  });
  return { key, apiKey: view(row) };
}

export async function listApiKeys(owner?: string): Promise<ApiKeyView[]> {
  const db = await getDb();
  const rows = await db.ownerApiKey.findMany({
    where: owner ? { ownerId: getAddress(owner) } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(view);
}

export async function revokeApiKey(id: string, owner?: string): Promise<ApiKeyView | null> {
  const db = await getDb();
  const row = await db.ownerApiKey.findFirst({ where: { id, ...(owner ? { ownerId: getAddress(owner) } : {}) } });
  if (!row) return null;
  if (row.revokedAt) return view(row);
  return view(await db.ownerApiKey.update({ where: { id }, data: { revokedAt: new Date() } }));
}

// lastUsedAt is written at most once a minute per key, so authentication stays a single read.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Returns the owner id for a live key, null for an unknown or revoked one. */
export async function ownerForApiKey(key: string, now: Date): Promise<string | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 128) return null;
  const db = await getDb();
  const row = await db.ownerApiKey.findUnique({
    where: { keyHash: hashSecret(key) },
    select: { id: true, ownerId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.ownerApiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return row.ownerId;
}
