/**
 * Every endpoint that takes a body, fed the same malformed requests: each must answer 400
 * VALIDATION_ERROR (never 500) and change nothing. Endpoint-specific bad input lives with each endpoint.
 */
import { describe, expect, it } from "vitest";
import { api, expectError, expectOk, ownerA, type ApiResponse } from "../support/api-client";
import { events, market, service } from "../support/fixtures";

type Target = { name: string; path: string; method: string; auth: "owner" | "agent" | "none" };

const malformed: [string, { raw: string; headers?: Record<string, string> }][] = [
  ["truncated JSON", { raw: '{"a":' }],
  ["not JSON", { raw: "hello" }],
  ["JSON array", { raw: "[]" }],
  ["JSON string", { raw: '"x"' }],
  ["JSON null", { raw: "null" }],
  ["text/plain", { raw: "{}", headers: { "content-type": "text/plain" } }],
  ["form encoded", { raw: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } }],
  ["over 64 KiB", { raw: JSON.stringify({ pad: "x".repeat(66_000) }) }],
];

describe("malformed bodies on every endpoint that takes one", async () => {
  it("answer 400 VALIDATION_ERROR and change nothing", async () => {
    const put = await service("Blob put (1 MB)");
    const m = await market();
    const order = expectOk(await m.order(put), 201).item;
    const pairingUrl = `/machines/${m.machine.id}/agent-pairings/${m.pairing.id}`;
    const targets: Target[] = [
      { name: "identity challenge", path: "/machines/identity-challenges", method: "POST", auth: "owner" },
      { name: "create machine", path: "/machines", method: "POST", auth: "owner" },
      { name: "patch machine", path: `/machines/${m.machine.id}`, method: "PATCH", auth: "owner" },
      { name: "bond", path: `/machines/${m.machine.id}/bond`, method: "POST", auth: "owner" },
      { name: "pairing challenge", path: `/machines/${m.machine.id}/agent-pairings/challenges`, method: "POST", auth: "owner" },
      { name: "create pairing", path: `/machines/${m.machine.id}/agent-pairings`, method: "POST", auth: "owner" },
      { name: "patch pairing", path: pairingUrl, method: "PATCH", auth: "owner" },
      { name: "rotate session", path: `${pairingUrl}/sessions`, method: "POST", auth: "none" },
      { name: "search", path: "/market/search", method: "POST", auth: "agent" },
      { name: "create order", path: "/market/orders", method: "POST", auth: "agent" },
      { name: "dispute", path: `/market/orders/${order.id}/dispute`, method: "POST", auth: "agent" },
    ];
    const before = {
      machine: expectOk(await api("GET", `/machines/${m.machine.id}`, { owner: ownerA })).item,
      pairing: expectOk(await api("GET", pairingUrl, { owner: ownerA })).item,
      orders: expectOk(await api("GET", `/market/orders?machineId=${m.machine.id}`, { owner: ownerA })).items,
      events: (await events(ownerA, m.machine.id)).length,
    };
    for (const t of targets) {
      for (const [label, o] of malformed) {
        const res: ApiResponse = await api(t.method, t.path, {
          ...o,
          ...(t.auth === "owner" ? { owner: ownerA } : t.auth === "agent" ? { token: m.token } : {}),
        });
        try {
          expectError(res, 400, "VALIDATION_ERROR");
        } catch (err) {
          throw new Error(`${t.name} with ${label}: ${(err as Error).message}`);
        }
      }
    }
    expect(expectOk(await api("GET", `/machines/${m.machine.id}`, { owner: ownerA })).item).toEqual(before.machine);
    expect(expectOk(await api("GET", pairingUrl, { owner: ownerA })).item).toEqual(before.pairing);
    expect(expectOk(await api("GET", `/market/orders?machineId=${m.machine.id}`, { owner: ownerA })).items).toEqual(
      before.orders,
    );
    expect((await events(ownerA, m.machine.id)).length).toBe(before.events);
  });

  it("treat unknown ids in paths as 404, whatever their shape", async () => {
    const m = await market();
    for (const id of ["x", "mach_", "mach_AAAAAAAAAAAAAAAA", "../../etc", "%00", "mach_aaaaaaaaaaaaaaaa'--"]) {
      expectError(await api("GET", `/machines/${encodeURIComponent(id)}`, { owner: ownerA }), 404, "NOT_FOUND");
      expectError(
        await api("GET", `/machines/${m.machine.id}/agent-pairings/${encodeURIComponent(id)}`, { owner: ownerA }),
        404,
        "NOT_FOUND",
      );
      expectError(await api("GET", `/market/orders/${encodeURIComponent(id)}`, { owner: ownerA }), 404, "NOT_FOUND");
      expectError(await api("GET", `/market/services/${encodeURIComponent(id)}`, { owner: ownerA }), 404, "NOT_FOUND");
    }
  });
});
