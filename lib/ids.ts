import { randomBytes } from "node:crypto";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 16 base32 chars = 80 random bits. */
function base32(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += BASE32[bytes[i]! & 31];
  return out;
}

export type IdPrefix = "mach" | "apr" | "apc" | "mic" | "ses" | "tok" | "key" | "evt" | "ord" | "svc" | "srch" | "qt";

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${base32(16)}`;
}

export function isId(prefix: IdPrefix, value: string): boolean {
  return new RegExp(`^${prefix}_[a-z2-7]{16}$`).test(value);
}

/** Alphanumeric nonce from the CSPRNG, by rejection sampling so every char is equally likely. */
export function newNonce(length = 24): string {
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += ALNUM[b % 62];
    }
  }
  return out;
}
