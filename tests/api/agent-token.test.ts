import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { api, env, expectError, expectOk, ownerA } from "../support/api-client";
import { newMachine, pairAgent } from "../support/fixtures";

const kidOf = (secret: string) => createHash("sha256").update(`peaqos-kid:${secret}`).digest("hex").slice(0, 16);

async function resign(token: string, secret: string, o: { alg?: string; claims?: Record<string, unknown>; kid?: string } = {}) {
  const claims = { ...decodeJwt(token), ...o.claims };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: o.alg ?? "HS256", typ: "JWT", kid: o.kid ?? kidOf(secret) })
    .sign(new TextEncoder().encode(o.alg === "HS512" ? secret + secret : secret));
}

describe("agent token verification", () => {
  async function setup() {
    const { machine } = await newMachine(ownerA);
    const { pairing, token } = await pairAgent(ownerA, machine.id);
    const url = `/machines/${machine.id}/agent-pairings/${pairing.id}`;
    return { machine, pairing, token, url };
  }

  it("signs with the configured secret's kid and accepts the previous secret during rotation", async () => {
    const { token, url } = await setup();
    expect(decodeProtectedHeader(token).kid).toBe(kidOf(env.secret));
    expectOk(await api("GET", url, { token: await resign(token, env.secret) }));
    expectOk(await api("GET", url, { token: await resign(token, env.previousSecret) }));
  });

  it("refuses a missing, tampered, foreign-key, wrong-alg or wrong-audience token", async () => {
    const { token, url, machine } = await setup();
    expectError(await api("GET", url, { token: "" }), 401, "AGENT_AUTH_REQUIRED");
    const [h, p, s] = token.split(".") as [string, string, string];
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...decodeJwt(token), machineId: machine.id, exp: 4_000_000_000 }),
    ).toString("base64url");
    const flip = s.slice(0, -2) + (s.endsWith("A") ? "B" : "A") + s.slice(-1);
    const cases: [string, string, string][] = [
      ["payload edited", `${h}.${forgedPayload}.${s}`, "BAD_SIGNATURE"],
      ["signature edited", `${h}.${p}.${flip}`, "BAD_SIGNATURE"],
      ["unknown secret", await resign(token, "z".repeat(40)), "UNKNOWN_KEY"],
      ["unknown secret, known kid", await resign(token, "z".repeat(40), { kid: kidOf(env.secret) }), "BAD_SIGNATURE"],
      ["HS512", await resign(token, env.secret, { alg: "HS512" }), "UNSUPPORTED_ALG"],
      ["alg none", `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${p}.`, "UNSUPPORTED_ALG"],
      ["wrong audience", await resign(token, env.secret, { claims: { aud: "someone-else" } }), "BAD_CLAIM_AUD"],
      ["wrong issuer", await resign(token, env.secret, { claims: { iss: "https://evil.example" } }), "BAD_CLAIM_ISS"],
      ["garbage", "not.a.jwt", "MALFORMED"],
    ];
    for (const [name, bad, reason] of cases) {
      const err = expectError(await api("GET", url, { token: bad }), 401, "AGENT_AUTH_INVALID");
      expect(`${name}: ${err.details?.reason}`).toBe(`${name}: ${reason}`);
    }
  });

  it("tolerates 30 s of skew; reading a pairing with an expired token is AGENT_AUTH_INVALID (spec §4.1)", async () => {
    const { token, url } = await setup();
    const exp = decodeJwt(token).exp! * 1000;
    expectOk(await api("GET", url, { token, at: new Date(exp + 29_000) }));
    const expired = expectError(await api("GET", url, { token, at: new Date(exp + 31_000) }), 401, "AGENT_AUTH_INVALID");
    expect(expired.details?.reason).toBe("EXPIRED");
    // The market's write path names expiry on its own (spec §4 orders, check 2): see market-orders.test.ts.
    // A token whose session id was never issued is dead even with a valid signature.
    expectError(
      await api("GET", url, { token: await resign(token, env.secret, { claims: { sessionId: "ses_aaaaaaaaaaaaaaaa" } }) }),
      401,
      "AGENT_AUTH_INVALID",
    );
  });
});
