import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/errors";
import { signSessionToken, verifySessionToken, type TokenInput } from "./session-token";
import { signingKeysFrom } from "./signing-keys";
import { parseConfig } from "@/lib/config/env";

const A = "a".repeat(32);
const B = "b".repeat(32);
const keysFor = (secret: string, previous?: string) =>
  signingKeysFrom(
    parseConfig({
      PEAQOS_ENV: "test",
      PEAQOS_AGENT_PAIRING_JWT_SECRET: secret,
      PEAQOS_AGENT_PAIRING_JWT_SECRET_PREVIOUS: previous,
    }),
  );
const now = new Date("2026-12-03T16:00:00.000Z");
const input: TokenInput = {
  issuer: "http://127.0.0.1:3000",
  machineId: "mach_aaaaaaaaaaaaaaaa",
  pairingId: "apr_aaaaaaaaaaaaaaaa",
  sessionId: "ses_aaaaaaaaaaaaaaaa",
  tokenId: "tok_aaaaaaaaaaaaaaaa",
  agentAddress: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  agentDid: "did:pkh:eip155:1:0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  delegationPolicyHash: "sha256:00",
  issuedAt: now,
  expiresAt: new Date(now.getTime() + 3_600_000),
};
const verify = (token: string, keys = keysFor(A), at = now, extra = {}) =>
  verifySessionToken(token, keys, { issuer: input.issuer, now: at, ...extra });
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return "OK";
  } catch (err) {
    return err instanceof ApiError ? `${err.code}:${String(err.details?.reason ?? "")}` : String(err);
  }
};

describe("session token", () => {
  it("carries every claim of spec §5", async () => {
    const keys = keysFor(A);
    const claims = await verify(await signSessionToken(keys.current!, input), keys);
    expect(claims).toMatchObject({
      iss: input.issuer,
      aud: "peaqos-machine-markets",
      sub: input.pairingId,
      jti: input.tokenId,
      machineId: input.machineId,
      pairingId: input.pairingId,
      sessionId: input.sessionId,
      agentAddress: input.agentAddress,
      agentDid: input.agentDid,
      delegationPolicyHash: input.delegationPolicyHash,
    });
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it("accepts the previous secret during rotation and refuses an unknown one", async () => {
    const old = await signSessionToken(keysFor(B).current!, input);
    expect(await codeOf(verify(old, keysFor(A, B)))).toBe("OK");
    expect(await codeOf(verify(old, keysFor(A)))).toBe("AGENT_AUTH_INVALID:UNKNOWN_KEY");
  });

  it("tolerates 30 s of skew, then reports expiry", async () => {
    const keys = keysFor(A);
    const token = await signSessionToken(keys.current!, input);
    expect(await codeOf(verify(token, keys, new Date(input.expiresAt.getTime() + 29_000)))).toBe("OK");
    expect(await codeOf(verify(token, keys, new Date(input.expiresAt.getTime() + 31_000)))).toBe("AGENT_AUTH_EXPIRED:");
    expect(await codeOf(verify(token, keys, new Date(input.expiresAt.getTime() + 31_000), { allowExpired: true }))).toBe("OK");
  });

  it("rejects tampering, other algorithms, issuers and audiences", async () => {
    const keys = keysFor(A);
    const token = await signSessionToken(keys.current!, input);
    const [h, p, s] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), pairingId: "apr_b" }),
    ).toString("base64url");
    expect(await codeOf(verify(`${h}.${forged}.${s}`, keys))).toBe("AGENT_AUTH_INVALID:BAD_SIGNATURE");
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT", kid: keys.current!.kid })).toString("base64url")}.${p}.`;
    expect(await codeOf(verify(none, keys))).toBe("AGENT_AUTH_INVALID:UNSUPPORTED_ALG");
    const hs512 = await new SignJWT({})
      .setProtectedHeader({ alg: "HS512", kid: keys.current!.kid })
      .sign(new TextEncoder().encode(A.repeat(2)));
    expect(await codeOf(verify(hs512, keys))).toBe("AGENT_AUTH_INVALID:UNSUPPORTED_ALG");
    expect(await codeOf(verifySessionToken(token, keys, { issuer: "https://evil.example", now }))).toBe(
      "AGENT_AUTH_INVALID:BAD_CLAIM_ISS",
    );
    const wrongAud = await new SignJWT({ ...input, pairingId: input.pairingId })
      .setProtectedHeader({ alg: "HS256", kid: keys.current!.kid })
      .setIssuer(input.issuer)
      .setAudience("other")
      .setSubject(input.pairingId)
      .setJti("x")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(keys.current!.key);
    expect(await codeOf(verifySessionToken(wrongAud, keys, { issuer: input.issuer, now: new Date() }))).toBe(
      "AGENT_AUTH_INVALID:BAD_CLAIM_AUD",
    );
    expect(await codeOf(verify("garbage", keys))).toBe("AGENT_AUTH_INVALID:MALFORMED");
  });
});

describe("signing keys", () => {
  it("has no signing key in production without a secret, and generates one elsewhere", () => {
    const generated: string[] = [];
    const gen = (name: string) => (generated.push(name), "g".repeat(43));
    expect(signingKeysFrom(parseConfig({ PEAQOS_ENV: "production" }), gen).current).toBeNull();
    expect(generated).toEqual([]);
    const dev = signingKeysFrom(parseConfig({ PEAQOS_ENV: "development" }), gen);
    expect(dev.current?.kid).toMatch(/^[0-9a-f]{16}$/);
    expect(generated).toEqual(["PEAQOS_AGENT_PAIRING_JWT_SECRET"]);
  });
});
