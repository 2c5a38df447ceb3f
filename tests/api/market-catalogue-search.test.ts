import { describe, expect, it } from "vitest";
import { api, expectError, expectOk, ownerA } from "../support/api-client";
import { market, service, services } from "../support/fixtures";

describe("catalogue", () => {
  it("serves the eight skills and a dozen services to owners and agents", async () => {
    const skills = expectOk(await api("GET", "/market/skills", { owner: ownerA })).items.map((s: { key: string }) => s.key);
    expect(skills.sort()).toEqual(
      [
        "compute.marketplace",
        "data.location",
        "device.control",
        "identity.proof-of-person",
        "machine.commerce",
        "network.partner-console",
        "oracle.price-feed",
        "storage.object",
      ].sort(),
    );
    const all = await services();
    expect(all.length).toBeGreaterThanOrEqual(12);
    expect(new Set(all.map((s) => s.skillKey)).size).toBe(8);
    for (const s of all) expect(s.id).toMatch(/^svc_[a-z2-7]{16}$/);
    expect(all.filter((s) => s.pricing.mode === "fixed").every((s) => ["USD", "USDC"].includes(s.pricing.currency!))).toBe(true);
    const { token } = await market();
    const byAgent = expectOk(await api("GET", "/market/services?skillKey=storage.object", { token })).items;
    expect(byAgent.length).toBeGreaterThan(0);
    expect(byAgent.every((s: { skillKey: string }) => s.skillKey === "storage.object")).toBe(true);
    const one = expectOk(await api("GET", `/market/services/${all[0]!.id}`, { token })).item;
    expect(one).toEqual(all[0]);
  });

  it("pages services, 404s unknown ones and needs a credential", async () => {
    const p1 = expectOk(await api("GET", "/market/services?limit=5", { owner: ownerA }));
    const p2 = expectOk(await api("GET", `/market/services?limit=5&cursor=${p1.nextCursor}`, { owner: ownerA }));
    expect(p1.items).toHaveLength(5);
    expect(p2.items[0].id > p1.items[4].id).toBe(true);
    expectError(await api("GET", "/market/services/svc_aaaaaaaaaaaaaaaa", { owner: ownerA }), 404, "NOT_FOUND");
    expectError(await api("GET", "/market/skills"), 401, "AUTH_REQUIRED");
    expectError(await api("GET", "/market/services", { token: "nope" }), 401, "AGENT_AUTH_INVALID");
    expectError(await api("GET", "/market/services?limit=0", { owner: ownerA }), 400, "VALIDATION_ERROR");
  });
});

describe("POST /market/search", () => {
  it("leaves denied services out, explains limits in reasons, ranks allowed and cheap first", async () => {
    const put = await service("Blob put (1 MB)");
    const parking = await service("Robot parking bay");
    const charging = await service("EV charging session");
    const lock = await service("Smart lock command");
    const m = await market({
      deniedSkillKeys: ["device.control"],
      perTransactionLimit: 1.5,
      dailySpendLimit: 3,
      currency: "USDC",
    });
    const search = (body: Record<string, unknown>) =>
      api("POST", "/market/search", { token: m.token, body: { machineId: m.machine.id, ...body } });
    const all = expectOk(await search({ maxResults: 50 }), 201).item;
    expect(all.status).toBe("matched");
    expect(all.id).toMatch(/^srch_/);
    const ids = all.quotes.map((q: { serviceId: string }) => q.serviceId);
    expect(ids).not.toContain(lock.id); // denied skill
    expect(ids).not.toContain(charging.id); // priced in USD, the policy's currency is USDC
    const putQ = all.quotes.find((q: { serviceId: string }) => q.serviceId === put.id);
    expect(putQ).toMatchObject({ allowedByPolicy: true, price: { amount: 0.001, currency: "USDC" }, skillKey: "storage.object" });
    const parkQ = all.quotes.find((q: { serviceId: string }) => q.serviceId === parking.id);
    expect(parkQ.allowedByPolicy).toBe(false);
    expect(parkQ.reasons.join(" ")).toMatch(/per-transaction limit of 1.5 USDC/);
    // Allowed quotes come first, cheapest first.
    const firstDisallowed = all.quotes.findIndex((q: { allowedByPolicy: boolean }) => !q.allowedByPolicy);
    expect(all.quotes.slice(firstDisallowed).every((q: { allowedByPolicy: boolean }) => !q.allowedByPolicy)).toBe(true);
    const allowedPrices = all.quotes.slice(0, firstDisallowed).map((q: { price: { amount: number } }) => q.price.amount);
    expect(allowedPrices).toEqual([...allowedPrices].sort((a: number, b: number) => a - b));
    expect(new Date(putQ.expiresAt).getTime() - Date.now()).toBeGreaterThan(100_000);

    const narrowed = expectOk(await search({ skillKey: "storage.object", operation: "put" }), 201).item;
    expect(narrowed.quotes.map((q: { serviceId: string }) => q.serviceId)).toEqual([put.id]);
    const none = expectOk(await search({ serviceType: "device.control" }), 201).item;
    expect(none).toMatchObject({ status: "no_match", quotes: [] });
    const budget = expectOk(await search({ skillKey: "machine.commerce", budget: { max: 1, currency: "USDC" } }), 201).item;
    expect(budget.quotes[0].reasons.join(" ")).toMatch(/budget maximum of 1 USDC/);
  });

  it("says when a quote is over the remaining daily budget", async () => {
    const parking = await service("Robot parking bay");
    const m = await market({ dailySpendLimit: 3, currency: "USDC" });
    expectOk(await m.order(parking), 201);
    const q = expectOk(
      await api("POST", "/market/search", { token: m.token, body: { machineId: m.machine.id, skillKey: "machine.commerce" } }),
      201,
    ).item.quotes[0];
    expect(q).toMatchObject({ serviceId: parking.id, allowedByPolicy: false });
    expect(q.reasons.join(" ")).toMatch(/remaining daily budget of 1 USDC/);
  });

  it("rejects bad input and needs the agent's token", async () => {
    const m = await market();
    for (const body of [
      { machineId: m.machine.id, maxResults: 0 },
      { machineId: m.machine.id, budget: { max: 0.0000001 } },
      { machineId: m.machine.id, skillKey: "a", serviceType: "b" },
      { machineId: m.machine.id, sort: "price" },
      {},
    ]) {
      expectError(await api("POST", "/market/search", { token: m.token, body }), 400, "VALIDATION_ERROR");
    }
    expectError(await api("POST", "/market/search", { body: { machineId: m.machine.id } }), 401, "AGENT_AUTH_REQUIRED");
    expectError(
      await api("POST", "/market/search", { owner: ownerA, body: { machineId: m.machine.id } }),
      401,
      "AGENT_AUTH_REQUIRED",
    );
    const other = await market();
    expectError(
      await api("POST", "/market/search", { token: m.token, body: { machineId: other.machine.id } }),
      401,
      "AGENT_AUTH_INVALID",
    );
    expectOk(
      await api("PATCH", `/machines/${m.machine.id}/agent-pairings/${m.pairing.id}`, {
        owner: ownerA,
        body: { status: "paused" },
      }),
    );
    expectError(
      await api("POST", "/market/search", { token: m.token, body: { machineId: m.machine.id } }),
      409,
      "AGENT_PAIRING_INACTIVE",
    );
  });
});
