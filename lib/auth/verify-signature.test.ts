import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { serializeCompactSignature, parseSignature, signatureToCompactSignature } from "viem";
import { describe, expect, it } from "vitest";
import { verifyPersonalSign } from "./verify-signature";

describe("verifyPersonalSign", () => {
  const account = privateKeyToAccount(generatePrivateKey());
  const other = privateKeyToAccount(generatePrivateKey());
  const message = "hello\nworld";

  it("accepts the signer's 65-byte signature in any address case", async () => {
    const sig = await account.signMessage({ message });
    expect(await verifyPersonalSign(account.address, message, sig)).toBe(true);
    expect(await verifyPersonalSign(account.address.toLowerCase(), message, sig)).toBe(true);
  });

  it("rejects another key, another message, compact and garbage signatures", async () => {
    const sig = await account.signMessage({ message });
    expect(await verifyPersonalSign(account.address, message, await other.signMessage({ message }))).toBe(false);
    expect(await verifyPersonalSign(account.address, `${message}!`, sig)).toBe(false);
    const compact = serializeCompactSignature(signatureToCompactSignature(parseSignature(sig)));
    expect(compact.length).toBe(2 + 128);
    expect(await verifyPersonalSign(account.address, message, compact)).toBe(false);
    expect(await verifyPersonalSign(account.address, message, "0x1234")).toBe(false);
    expect(await verifyPersonalSign(account.address, message, `0x${"00".repeat(65)}`)).toBe(false);
    expect(await verifyPersonalSign(account.address, message, "not hex at all")).toBe(false);
  });
});
