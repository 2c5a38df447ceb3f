import { describe, expect, it } from "vitest";
import { api, env, expectError, expectOk, ownerA, ownerB } from "../support/api-client";
import { events, market, service } from "../support/fixtures";

describe("order lifecycle", () => {
  it("execute → delivered → received → confirmed; wrong states are refused", async () => {
    const put = await service("Blob put (1 MB)");
    const m = await market();
    const o = expectOk(await m.order(put, { input: { bytes: 1024 } }), 201).item;
    expect(o).toMatchObject({
      status: "created",
      input: { bytes: 1024 },
      closedAt: null,
      agentPairingId: m.pairing.id,
      machineId: m.machine.id,
    });
    const at = (action: string, body?: unknown) => api("POST", `/market/orders/${o.id}/${action}`, { token: m.token, body });
    expectError(await at("received"), 409, "INVALID_ORDER_STATE");
    expectError(await at("dispute", { reason: "late" }), 409, "INVALID_ORDER_STATE");
    expect(expectOk(await at("execute")).item.status).toBe("delivered");
    expectError(await at("execute"), 409, "INVALID_ORDER_STATE");
    const confirmed = expectOk(await at("received")).item;
    expect(confirmed.status).toBe("confirmed");
    expect(confirmed.closedAt).not.toBeNull();
    expectError(await at("received"), 409, "ORDER_CLOSED");
    expectError(await at("cancel"), 409, "ORDER_CLOSED");
    expectError(await api("POST", `/market/orders/${o.id}/execute`, { owner: ownerA }), 401, "AGENT_AUTH_REQUIRED");
    const usage = expectOk(await api("GET", `/machines/${m.machine.id}/agent-pairings/${m.pairing.id}`, { owner: ownerA })).item
      .usage;
    expect(usage).toMatchObject({ spent: 0.001, reserved: 0 });
  });

  it("disputes a delivery; hands off external services; owners cancel; strangers get 404", async () => {
    const get = await service("Blob get");
    const charging = await service("EV charging session");
    const m = await market();
    const o = expectOk(await m.order(get), 201).item;
    expectOk(await api("POST", `/market/orders/${o.id}/execute`, { token: m.token }));
    expectError(await api("POST", `/market/orders/${o.id}/dispute`, { token: m.token, body: {} }), 400, "VALIDATION_ERROR");
    const disputed = expectOk(
      await api("POST", `/market/orders/${o.id}/dispute`, { token: m.token, body: { reason: "empty blob" } }),
    ).item;
    expect(disputed).toMatchObject({ status: "disputed", disputeReason: "empty blob" });
    const h = expectOk(await m.order(charging), 201).item;
    expect(expectOk(await api("POST", `/market/orders/${h.id}/execute`, { token: m.token })).item.status).toBe("handoff");
    expect(expectOk(await api("POST", `/market/orders/${h.id}/received`, { token: m.token })).item.status).toBe("confirmed");
    const other = await market();
    expectError(await api("GET", `/market/orders/${o.id}`, { token: other.token }), 404, "NOT_FOUND");
    expectError(await api("POST", `/market/orders/${o.id}/cancel`, { token: other.token }), 404, "NOT_FOUND");
    expectError(await api("GET", `/market/orders/${o.id}`, { owner: ownerB }), 404, "NOT_FOUND");
    expectError(await api("POST", `/market/orders/${o.id}/cancel`, { owner: ownerB }), 404, "NOT_FOUND");
    expectError(await api("GET", "/market/orders/ord_aaaaaaaaaaaaaaaa", { owner: ownerA }), 404, "NOT_FOUND");
    expect(expectOk(await api("POST", `/market/orders/${o.id}/cancel`, { owner: ownerA })).item.status).toBe("cancelled");
    expect(expectOk(await api("GET", `/market/orders/${o.id}`, { owner: ownerA })).item.status).toBe("cancelled");
    const types = (await events(ownerA, m.machine.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["order.executed", "order.disputed", "order.confirmed", "order.cancelled"]));
  });

  it("lists orders for owner and agent, newest first, filtered and paged", async () => {
    const put = await service("Blob put (1 MB)");
    const m = await market();
    const a = expectOk(await m.order(put), 201).item;
    const b = expectOk(await m.order(put), 201).item;
    expectOk(await api("POST", `/market/orders/${a.id}/cancel`, { token: m.token }));
    const mine = expectOk(await api("GET", "/market/orders", { token: m.token })).items.map((o: { id: string }) => o.id);
    expect(mine).toEqual([b.id, a.id]);
    const cancelled = expectOk(
      await api("GET", `/market/orders?machineId=${m.machine.id}&status=cancelled`, { owner: ownerA }),
    ).items;
    expect(cancelled.map((o: { id: string }) => o.id)).toEqual([a.id]);
    const p1 = expectOk(await api("GET", `/market/orders?machineId=${m.machine.id}&limit=1`, { owner: ownerA }));
    const p2 = expectOk(
      await api("GET", `/market/orders?machineId=${m.machine.id}&limit=1&cursor=${p1.nextCursor}`, { owner: ownerA }),
    );
    expect([p1.items[0].id, p2.items[0].id]).toEqual([b.id, a.id]);
    expectError(await api("GET", `/market/orders?machineId=${m.machine.id}`, { owner: ownerB }), 404, "NOT_FOUND");
    const other = await market();
    expectError(await api("GET", `/market/orders?machineId=${m.machine.id}`, { token: other.token }), 404, "NOT_FOUND");
    expectError(await api("GET", "/market/orders?status=lost", { owner: ownerA }), 400, "VALIDATION_ERROR");
  });

  it("blocks revoke while an order is open and allows it once the order closes", async () => {
    const put = await service("Blob put (1 MB)");
    const m = await market();
    const o = expectOk(await m.order(put), 201).item;
    const url = `/machines/${m.machine.id}/agent-pairings/${m.pairing.id}`;
    const err = expectError(await api("DELETE", url, { owner: ownerA }), 409, "OPEN_MARKET_ORDERS");
    expect(err.details?.orderIds).toEqual([o.id]);
    expect(expectOk(await api("GET", url, { owner: ownerA })).item.status).toBe("active");
    expectOk(await api("POST", `/market/orders/${o.id}/execute`, { token: m.token }));
    expectError(await api("DELETE", url, { owner: ownerA }), 409, "OPEN_MARKET_ORDERS"); // delivered is still open
    expectOk(await api("POST", `/market/orders/${o.id}/received`, { token: m.token }));
    expect(expectOk(await api("DELETE", url, { owner: ownerA })).item.status).toBe("revoked");
  });
});

describe("concurrency", () => {
  it("admits exactly N of 50 parallel orders when the daily limit allows N, across every app instance", async () => {
    const parking = await service("Robot parking bay"); // 2 USDC
    const N = 7;
    const m = await market({ dailySpendLimit: 2 * N, currency: "USDC" });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        m.order(parking, { input: { i } }, { baseUrl: env.instances[i % env.instances.length] }),
      ),
    );
    const placed = results.filter((r) => r.status === 201);
    expect(placed).toHaveLength(N);
    for (const r of results.filter((x) => x.status !== 201)) expectError(r, 403, "AGENT_DAILY_LIMIT_EXCEEDED");
    const orders = expectOk(await api("GET", `/market/orders?machineId=${m.machine.id}&limit=500`, { owner: ownerA })).items;
    expect(orders).toHaveLength(N);
    const usage = expectOk(await api("GET", `/machines/${m.machine.id}/agent-pairings/${m.pairing.id}`, { owner: ownerA })).item
      .usage;
    expect(usage).toMatchObject({ reserved: 2 * N, remaining: 0 });
    const log = await events(ownerA, m.machine.id);
    expect(log.filter((e) => e.type === "order.created")).toHaveLength(N);
    expect(log.filter((e) => e.type === "order.denied" && e.rule === "DAILY_LIMIT")).toHaveLength(50 - N);
    if (env.db === "postgres") expect(env.instances.length).toBe(2);
  });
});

describe("revoke racing orders", () => {
  it("never leaves a revoked pairing with an open order", async () => {
    const put = await service("Blob put (1 MB)");
    for (let round = 0; round < 3; round++) {
      const m = await market();
      const url = `/machines/${m.machine.id}/agent-pairings/${m.pairing.id}`;
      const orders = Array.from({ length: 15 }, (_, i) => m.order(put, {}, { baseUrl: env.instances[i % env.instances.length] }));
      const revoke = api("DELETE", url, { owner: ownerA, baseUrl: env.instances[round % env.instances.length] });
      const [rev, ...placed] = await Promise.all([revoke, ...orders]);
      const created = placed.filter((r) => r.status === 201).length;
      for (const r of placed.filter((x) => x.status !== 201)) expectError(r, 409, "AGENT_PAIRING_INACTIVE");
      if (rev.status === 200) {
        // Revoke won the lock before any order, or after none was placed.
        expect(created).toBe(0);
      } else {
        expect(expectError(rev, 409, "OPEN_MARKET_ORDERS").details?.orderIds.length).toBeGreaterThan(0);
        expect(expectOk(await api("GET", url, { owner: ownerA })).item.status).toBe("active");
      }
    }
  });
});

describe("review follow-ups", () => {
  it("an agent cannot cancel a delivered order to win back budget; the owner can", async () => {
    const parking = await service("Robot parking bay"); // 2 USDC
    const charging = await service("EV charging session"); // handoff
    const m = await market({ dailySpendLimit: 4, currency: "USDC" });
    const o = expectOk(await m.order(parking), 201).item;
    expectOk(await api("POST", `/market/orders/${o.id}/execute`, { token: m.token }));
    const err = expectError(await api("POST", `/market/orders/${o.id}/cancel`, { token: m.token }), 409, "INVALID_ORDER_STATE");
    expect(err.details?.status).toBe("delivered");
    expectOk(await m.order(parking), 201);
    expectError(await m.order(parking), 403, "AGENT_DAILY_LIMIT_EXCEEDED");
    expect(expectOk(await api("POST", `/market/orders/${o.id}/cancel`, { owner: ownerA })).item.status).toBe("cancelled");
    // A handed-off order can be disputed too.
    const free = await market();
    const h = expectOk(await free.order(charging), 201).item;
    expectOk(await api("POST", `/market/orders/${h.id}/execute`, { token: free.token }));
    expect(
      expectOk(await api("POST", `/market/orders/${h.id}/dispute`, { token: free.token, body: { reason: "no power" } })).item
        .status,
    ).toBe("disputed");
  });

  it("actions without parameters refuse a body with fields", async () => {
    const put = await service("Blob put (1 MB)");
    const m = await market();
    const o = expectOk(await m.order(put), 201).item;
    for (const action of ["cancel", "execute", "received"]) {
      expectError(
        await api("POST", `/market/orders/${o.id}/${action}`, { token: m.token, body: { force: true } }),
        400,
        "VALIDATION_ERROR",
      );
    }
    expect(expectOk(await api("GET", `/market/orders/${o.id}`, { token: m.token })).item.status).toBe("created");
    expect(expectOk(await api("POST", `/market/orders/${o.id}/cancel`, { token: m.token, body: {} })).item.status).toBe(
      "cancelled",
    );
  });

  it("refuses text the database cannot store, and amounts past the cap, with 400", async () => {
    const put = await service("Blob put (1 MB)");
    const m = await market();
    expectError(await m.order(put, { input: { note: "a\u0000b" } }), 400, "VALIDATION_ERROR");
    expectError(await m.order(put, { input: { note: "\ud800" } }), 400, "VALIDATION_ERROR");
    expectError(await api("GET", "/market/services?skillKey=%00", { owner: ownerA }), 400, "VALIDATION_ERROR");
    const url = `/machines/${m.machine.id}/agent-pairings/${m.pairing.id}`;
    expectError(await api("PATCH", url, { owner: ownerA, body: { description: "x\u0000" } }), 400, "VALIDATION_ERROR");
    expectError(
      await api("PATCH", url, { owner: ownerA, body: { delegationPolicy: { dailySpendLimit: 1e9, currency: "USD" } } }),
      400,
      "VALIDATION_ERROR",
    );
    expectOk(
      await api("PATCH", url, {
        owner: ownerA,
        body: { delegationPolicy: { dailySpendLimit: "999999999.999999", currency: "USD" } },
      }),
    );
  });

  it("names each unknown field; If-Match * sets no precondition", async () => {
    const m = await market();
    const err = expectError(
      await api("POST", "/market/orders", {
        token: m.token,
        body: { machineId: m.machine.id, agentPairingId: m.pairing.id, serviceId: "svc_x", extra: 1, more: 2 },
      }),
      400,
      "VALIDATION_ERROR",
    );
    const paths = (err.details?.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["extra", "more"]));
    const url = `/machines/${m.machine.id}/agent-pairings/${m.pairing.id}`;
    expectOk(await api("PATCH", url, { owner: ownerA, body: { description: "any" }, headers: { "if-match": "*" } }));
  });
});
