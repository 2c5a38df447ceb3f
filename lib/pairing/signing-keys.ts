import { createHash } from "node:crypto";
import { getConfig, type Config } from "@/lib/config/env";
import { devSecret } from "@/lib/config/dev-secrets";

export type SigningKey = { kid: string; key: Uint8Array };
export type SigningKeys = { current: SigningKey | null; accepted: SigningKey[] };

// The kid names a secret without revealing it, so verification can pick the right one.
const toKey = (secret: string): SigningKey => ({
  kid: createHash("sha256").update(`peaqos-kid:${secret}`).digest("hex").slice(0, 16),
  key: new TextEncoder().encode(secret),
});

export function signingKeysFrom(config: Config, generate: (name: string) => string = devSecret): SigningKeys {
  const secret = config.jwtSecret ?? (config.environment === "production" ? null : generate("PEAQOS_AGENT_PAIRING_JWT_SECRET"));
  const current = secret ? toKey(secret) : null;
  const previous = config.jwtSecretPrevious ? toKey(config.jwtSecretPrevious) : null;
  return { current, accepted: [current, previous].filter((k): k is SigningKey => k !== null) };
}

let cached: SigningKeys | undefined;
export function signingKeys(): SigningKeys {
  cached ??= signingKeysFrom(getConfig());
  return cached;
}
