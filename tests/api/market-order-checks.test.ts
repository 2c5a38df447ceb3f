import { decodeJwt, SignJWT } from "jose";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { api, env, expectError, expectOk, ownerA } from "../support/api-client";
import { events, market, rotate, service } from "../support/fixtures";

const kid = createHash("sha256").update(`peaqos-kid:${env.secret}`).digest("hex").slice(0, 16);
const forge = (token: string, claims: Record<string, unknown>) =>
  new SignJWT({ ...decodeJwt(token), ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid })
    .sign(new TextEncoder().encode(env.secret));

describe("POST /market/orders — the eleven checks, in order", () => {
  it("1–2: the token must be present, genuine and unexpired", async () => {
    const put = await service("Blob put (1 MB)");
    const m = await market();
    const body = { machineId: m.machine.id, agentPairingId: m.pairing.id, serviceId: put.id };
    expectError(await api("POST", "/market/orders", { body }), 401, "AGENT_AUTH_REQUIRED");
    expectError(await api("POST", "/market/orders", { owner: ownerA, body }), 401, "AGENT_AUTH_REQUIRED");
    expectError(await m.order(put, {}, { token: `${m.token.slice(0, -3)}abc` }), 401, "AGENT_AUTH_INVALID");
    expectError(await m.order(put, {}, { at: new Date(Date.now() + 25 * 3_600_000) }), 401, "AGENT_AUTH_EXPIRED");
  });

  it("3–4: the token must name this machine and pairing, which must exist, with its current session", async () => {
    const put = await service("Blob put (1 MB)");
    const m = await market();
    const other = await market();
    expectError(await m.order(put, { agentPairingId: other.pairing.id }), 401, "AGENT_AUTH_INVALID");
    expectError(await m.order(put, { machineId: other.machine.id }), 401, "AGENT_AUTH_INVALID");
    const ghost = await forge(m.token, { pairingId: "apr_aaaaaaaaaaaaaaaa", sub: "apr_aaaaaaaaaaaaaaaa" });
    expectError(await m.order(put, { agentPairingId: "apr_aaaaaaaaaaaaaaaa" }, { token: ghost }), 409, "AGENT_PAIRING_REQUIRED");
    const r = await rotate(m.machine.id, m.pairing, m.agent, m.token);
    expect(expectError(await m.order(put), 401, "AGENT_AUTH_INVALID").details?.reason).toBe("SESSION_REPLACED");
    expectOk(await m.order(put, {}, { token: r.token }), 201);
  });

  it("5–7: paused or revoked pairing, changed policy, inactive machine", async () => {
    const put = await service("Blob put (1 MB)");
    const m = await market();
    const url = `/machines/${m.machine.id}/agent-pairings/${m.pairing.id}`;
    expectOk(await api("PATCH", url, { owner: ownerA, body: { status: "paused" } }));
    expectError(await m.order(put), 409, "AGENT_PAIRING_INACTIVE");
    expectOk(await api("PATCH", url, { owner: ownerA, body: { status: "active" } }));
    expectOk(await m.order(put), 201); // resume restores the same token
    expectOk(await api("PATCH", url, { owner: ownerA, body: { delegationPolicy: { deniedSkillKeys: ["device.control"] } } }));
    expect(expectError(await m.order(put), 401, "AGENT_AUTH_INVALID").details?.reason).toBe("POLICY_CHANGED");
    const r = await rotate(m.machine.id, m.pairing, m.agent, m.token);
    const placed = expectOk(await m.order(put, {}, { token: r.token }), 201).item;
    expectOk(await api("PATCH", `/machines/${m.machine.id}`, { owner: ownerA, body: { status: "archived" } }));
    expectError(await m.order(put, {}, { token: r.token }), 409, "MACHINE_NOT_ACTIVE");
    // Revoked: cancel the open orders, revoke, and the token meets an inactive pairing.
    const open = expectOk(await api("GET", `/market/orders?machineId=${m.machine.id}&limit=500`, { owner: ownerA })).items;
    for (const o of open) expectOk(await api("POST", `/market/orders/${o.id}/cancel`, { owner: ownerA }));
    expect(open.map((o: { id: string }) => o.id)).toContain(placed.id);
    expectOk(await api("DELETE", url, { owner: ownerA }));
    expectError(await m.order(put, {}, { token: r.token }), 409, "AGENT_PAIRING_INACTIVE");
    const denied = (await events(ownerA, m.machine.id)).filter((e) => e.type === "order.denied").map((e) => e.rule);
    expect(denied).toEqual(expect.arrayContaining(["PAIRING_INACTIVE", "POLICY_CHANGED", "MACHINE_NOT_ACTIVE"]));
  });

  it("8: an unknown quote is a validation error, an expired one 410", async () => {
    const put = await service("Blob put (1 MB)");
    const get = await service("Blob get");
    const m = await market();
    const s = expectOk(
      await api("POST", "/market/search", { token: m.token, body: { machineId: m.machine.id, skillKey: "storage.object" } }),
      201,
    ).item;
    const q = s.quotes.find((x: { serviceId: string }) => x.serviceId === put.id);
    expectError(await m.order(put, { quoteId: "qt_aaaaaaaaaaaaaaaa" }), 400, "VALIDATION_ERROR");
    expectError(await m.order(get, { quoteId: q.id }), 400, "VALIDATION_ERROR");
    expectError(await m.order(put, { quoteId: q.id, searchId: "srch_aaaaaaaaaaaaaaaa" }), 400, "VALIDATION_ERROR");
    expectError(await m.order(put, { quoteId: q.id }, { at: new Date(Date.now() + 121_000) }), 410, "QUOTE_EXPIRED");
    const placed = expectOk(await m.order(put, { quoteId: q.id, searchId: s.id }), 201).item;
    expect(placed).toMatchObject({ quoteId: q.id, searchId: s.id, amount: 0.001, currency: "USDC", operation: "put" });
    const other = await market();
    expectError(await other.order(put, { quoteId: q.id }), 400, "VALIDATION_ERROR");
    expectError(await m.order(put, { operation: "delete" }), 400, "VALIDATION_ERROR");
    expectError(await m.order({ ...put, id: "svc_aaaaaaaaaaaaaaaa" }), 400, "VALIDATION_ERROR");
  });

  it("9: deny beats allow, a non-empty allow list admits only what it names, currencies must match", async () => {
    const put = await service("Blob put (1 MB)");
    const get = await service("Blob get");
    const geocode = await service("Reverse geocode");
    const rule = async (policy: unknown, svc = put) => {
      const m = await market(policy);
      return expectError(await m.order(svc), 403, "AGENT_POLICY_DENIED").details?.rule;
    };
    expect(await rule({ allowedSkillKeys: ["storage.object"], deniedSkillKeys: ["storage.object"] })).toBe("SKILL_DENIED");
    expect(await rule({ allowedServiceIds: [put.id], deniedServiceIds: [put.id] })).toBe("SERVICE_DENIED");
    expect(await rule({ allowedSkillKeys: ["oracle.price-feed"] })).toBe("SKILL_NOT_ALLOWED");
    expect(await rule({ allowedServiceIds: [get.id] })).toBe("SERVICE_NOT_ALLOWED");
    expect(await rule({ currency: "USD" })).toBe("CURRENCY_MISMATCH");
    const m = await market({ allowedSkillKeys: ["storage.object"], allowedServiceIds: [put.id, get.id], currency: "USDC" });
    expectOk(await m.order(get), 201);
    expect(expectError(await m.order(geocode), 403, "AGENT_POLICY_DENIED").details?.rule).toBe("SKILL_NOT_ALLOWED");
  });

  it("10: the per-transaction limit admits an amount at the limit and refuses one micro-unit more", async () => {
    const parking = await service("Robot parking bay"); // 2 USDC
    const atLimit = await market({ perTransactionLimit: 2, currency: "USDC" });
    expect(expectOk(await atLimit.order(parking), 201).item.amount).toBe(2);
    const under = await market({ perTransactionLimit: 1.999999, currency: "USDC" });
    const err = expectError(await under.order(parking), 403, "AGENT_SPEND_LIMIT_EXCEEDED");
    expect(err.details).toMatchObject({ rule: "PER_TRANSACTION_LIMIT", limit: 1.999999, amount: 2 });
  });

  it("11: the daily limit can be reached exactly, then refuses and says when budget frees up", async () => {
    const parking = await service("Robot parking bay"); // 2 USDC
    const put = await service("Blob put (1 MB)"); // 0.001 USDC
    const m = await market({ dailySpendLimit: 4.001, currency: "USDC" });
    const first = expectOk(await m.order(parking), 201).item;
    expectOk(await m.order(parking), 201);
    expectOk(await m.order(put), 201); // exactly 4.001
    const err = expectError(await m.order(put), 403, "AGENT_DAILY_LIMIT_EXCEEDED");
    expect(err.details).toMatchObject({ rule: "DAILY_LIMIT", counted: 4.001, limit: 4.001 });
    expect(err.details?.nextReleaseAt).toBe(new Date(new Date(first.createdAt).getTime() + 86_400_000).toISOString());
    const usage = expectOk(await api("GET", `/machines/${m.machine.id}/agent-pairings/${m.pairing.id}`, { owner: ownerA })).item
      .usage;
    expect(usage).toMatchObject({ currency: "USDC", spent: 0, reserved: 4.001, remaining: 0 });
    // A cancelled order frees its budget for the next one.
    expectOk(await api("POST", `/market/orders/${first.id}/cancel`, { token: m.token }));
    expectOk(await m.order(parking), 201);
    expectError(await m.order(put), 403, "AGENT_DAILY_LIMIT_EXCEEDED");
    // The window is trailing: a day later the budget is back.
    expectOk(
      await m.order(
        parking,
        {},
        { at: new Date(Date.now() + 86_400_000 + 5_000), token: (await rotate(m.machine.id, m.pairing, m.agent, m.token)).token },
      ),
      201,
    );
  });

  it("logs every decision with its rule, amount and policy hash", async () => {
    const put = await service("Blob put (1 MB)");
    const m = await market({ perTransactionLimit: 0.0005, currency: "USDC" });
    expectError(await m.order(put), 403, "AGENT_SPEND_LIMIT_EXCEEDED");
    const get = await service("Blob get");
    const ok = expectOk(await m.order(get), 201).item;
    const log = await events(ownerA, m.machine.id);
    const denied = log.find((e) => e.type === "order.denied");
    expect(denied).toMatchObject({ decision: "denied", rule: "PER_TRANSACTION_LIMIT" });
    expect(denied?.details).toMatchObject({
      serviceId: put.id,
      amount: "0.001",
      currency: "USDC",
      policyHash: m.pairing.delegationPolicyHash,
    });
    const allowed = log.find((e) => e.type === "order.created");
    expect(allowed).toMatchObject({ decision: "allowed", rule: "WITHIN_POLICY" });
    expect(allowed?.details).toMatchObject({ serviceId: get.id, amount: "0.0005", policyHash: ok.policyHash });
  });

  it("prices a service without a fixed price from the budget", async () => {
    const seat = await service("Partner console seat");
    const m = await market({ perTransactionLimit: 50, currency: "USD" });
    expectError(await m.order(seat), 400, "VALIDATION_ERROR");
    const o = expectOk(await m.order(seat, { budget: { amount: 42.5, currency: "usd" } }), 201).item;
    expect(o).toMatchObject({ amount: 42.5, currency: "USD" });
    expectError(await m.order(seat, { budget: { amount: 50.000001, currency: "USD" } }), 403, "AGENT_SPEND_LIMIT_EXCEEDED");
    expectError(await m.order(seat, { budget: { amount: 1.0000001, currency: "USD" } }), 400, "VALIDATION_ERROR");
  });

  it.each([
    ["malformed JSON", { raw: "{" }],
    ["unknown field", { body: { extra: 1 } }],
    ["input not an object", { body: { input: [1, 2] } }],
    ["budget with unknown field", { body: { budget: { amount: 1, currency: "USD", max: 2 } } }],
    ["oversized", { body: { input: { blob: "x".repeat(70_000) } } }],
  ])("rejects %s with 400 and places nothing", async (_n, o) => {
    const put = await service("Blob put (1 MB)");
    const m = await market();
    const base = { machineId: m.machine.id, agentPairingId: m.pairing.id, serviceId: put.id };
    const res = await api("POST", "/market/orders", {
      token: m.token,
      ...("raw" in o ? { raw: o.raw } : { body: { ...base, ...o.body } }),
    });
    expectError(res, 400, "VALIDATION_ERROR");
    expect(expectOk(await api("GET", "/market/orders", { token: m.token })).items).toHaveLength(0);
  });
});
