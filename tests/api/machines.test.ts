import { describe, expect, it } from "vitest";
import { api, env, expectError, expectOk, newAccount, ownerA, ownerB } from "../support/api-client";
import { events, newMachine } from "../support/fixtures";

describe("GET /health", () => {
  it("reports the app and its database", async () => {
    const res = await fetch(`${env.baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok" });
  });
});

describe("owner authentication", () => {
  it("needs a credential and refuses an unknown key", async () => {
    expectError(await api("GET", "/machines"), 401, "AUTH_REQUIRED");
    expectError(await api("GET", "/machines", { apiKey: "pk_live_nope" }), 401, "AUTH_INVALID");
    expectError(await api("GET", "/machines", { apiKey: "" }), 401, "AUTH_INVALID");
  });

  it("answers unknown API paths with the JSON envelope", async () => {
    expectError(await api("GET", "/nothing-here", { owner: ownerA }), 404, "NOT_FOUND");
  });
});

describe("machine identity challenges", () => {
  it("binds a did:peaq identity to its own address, checksummed", async () => {
    const controller = newAccount();
    const res = await api("POST", "/machines/identity-challenges", {
      owner: ownerA,
      body: { identityRef: `did:peaq:${controller.address.toLowerCase()}` },
    });
    const item = expectOk(res, 201).item;
    expect(item).toMatchObject({
      identityRef: `did:peaq:${controller.address}`,
      controllerAddresses: [controller.address],
      verificationMethod: "eip191",
    });
    expect(item.challengeId).toMatch(/^mic_[a-z2-7]{16}$/);
    expect(item.message).toContain(`Challenge ID: ${item.challengeId}`);
    expect(new Date(item.expiresAt).getTime() - Date.now()).toBeGreaterThan(290_000);
  });

  it("needs controllerAddress for peaqos:machine references", async () => {
    expectError(
      await api("POST", "/machines/identity-challenges", { owner: ownerA, body: { identityRef: "peaqos:machine:robot-1" } }),
      400,
      "VALIDATION_ERROR",
    );
    const controller = newAccount();
    const ok = await api("POST", "/machines/identity-challenges", {
      owner: ownerA,
      body: {
        identityRef: `peaqos:machine:robot-${controller.address.slice(2, 10)}`,
        controllerAddress: controller.address.toLowerCase(),
      },
    });
    expect(expectOk(ok, 201).item.controllerAddresses).toEqual([controller.address]);
  });

  it.each([
    [{ identityRef: "did:web:example.com" }],
    [{ identityRef: "did:peaq:0x1234" }],
    [{ identityRef: 42 }],
    [{}],
    [{ identityRef: `did:peaq:${"0x" + "a".repeat(40)}`, extra: 1 }],
    [{ identityRef: `did:peaq:${"0x" + "a".repeat(40)}`, controllerAddress: "0x" + "b".repeat(40) }],
  ])("rejects %j", async (body) => {
    expectError(await api("POST", "/machines/identity-challenges", { owner: ownerA, body }), 400, "VALIDATION_ERROR");
  });
});

describe("POST /machines", () => {
  async function challengeFor(owner = ownerA) {
    const controller = newAccount();
    const c = expectOk(
      await api("POST", "/machines/identity-challenges", { owner, body: { identityRef: `did:peaq:${controller.address}` } }),
      201,
    ).item;
    return { controller, c };
  }
  const body = (identityRef: string, identityProof?: unknown) => ({
    displayName: "Robot",
    identityRef,
    ...(identityProof ? { identityProof } : {}),
    machineType: "delivery-robot",
    runtimeProfile: "peaqos-edge-v1",
    capabilities: ["telemetry"],
    labels: { site: "lab" },
    skillKeys: ["oracle.price-feed"],
  });

  it("registers a draft machine with a verified identity, then bonding activates it", async () => {
    const { controller, c } = await challengeFor();
    const signature = await controller.signMessage({ message: c.message });
    const m = expectOk(
      await api("POST", "/machines", { owner: ownerA, body: body(c.identityRef, { challengeId: c.challengeId, signature }) }),
      201,
    ).item;
    expect(m).toMatchObject({
      status: "draft",
      ownerId: ownerA.address,
      identityRef: `did:peaq:${controller.address}`,
      capabilities: ["telemetry"],
      labels: { site: "lab" },
      policyIds: [],
      skillKeys: ["oracle.price-feed"],
      bond: null,
    });
    expect(m.id).toMatch(/^mach_[a-z2-7]{16}$/);
    expect(m.identityProof).toMatchObject({
      method: "eip191",
      identityRef: c.identityRef,
      signerAddress: controller.address,
      challengeId: c.challengeId,
      controllerAddresses: [controller.address],
      resolutionSource: "did-address",
    });
    const active = expectOk(
      await api("POST", `/machines/${m.id}/bond`, {
        owner: ownerA,
        body: { amount: 12.5, currency: "peaq", txHash: `0x${"ab".repeat(32)}` },
      }),
    ).item;
    expect(active.status).toBe("active");
    expect(active.bond).toMatchObject({ amount: 12.5, currency: "PEAQ", txHash: `0x${"ab".repeat(32)}` });
    expect((await events(ownerA, m.id)).map((e) => e.type).reverse()).toEqual([
      "machine.created",
      "machine.bonded",
      "machine.activated",
    ]);
  });

  it("requires, checks and consumes the identity proof", async () => {
    const { controller, c } = await challengeFor();
    expectError(
      await api("POST", "/machines", { owner: ownerA, body: body(c.identityRef) }),
      409,
      "MACHINE_IDENTITY_PROOF_REQUIRED",
    );
    const wrong = await newAccount().signMessage({ message: c.message });
    expectError(
      await api("POST", "/machines", {
        owner: ownerA,
        body: body(c.identityRef, { challengeId: c.challengeId, signature: wrong }),
      }),
      401,
      "MACHINE_IDENTITY_PROOF_INVALID",
    );
    const signature = await controller.signMessage({ message: c.message });
    expectError(
      await api("POST", "/machines", { owner: ownerB, body: body(c.identityRef, { challengeId: c.challengeId, signature }) }),
      401,
      "MACHINE_IDENTITY_PROOF_INVALID",
    );
    expectError(
      await api("POST", "/machines", {
        owner: ownerA,
        body: body(c.identityRef, { challengeId: c.challengeId, signature }),
        at: new Date(Date.now() + 301_000),
      }),
      401,
      "MACHINE_IDENTITY_PROOF_EXPIRED",
    );
    expectOk(
      await api("POST", "/machines", { owner: ownerA, body: body(c.identityRef, { challengeId: c.challengeId, signature }) }),
      201,
    );
    expectError(
      await api("POST", "/machines", { owner: ownerA, body: body(c.identityRef, { challengeId: c.challengeId, signature }) }),
      401,
      "MACHINE_IDENTITY_PROOF_INVALID",
    );
    expectError(
      await api("POST", "/machines/identity-challenges", { owner: ownerA, body: { identityRef: c.identityRef } }),
      409,
      "MACHINE_IDENTITY_EXISTS",
    );
  });

  it.each([
    ["malformed JSON", { raw: "{" }],
    ["unknown field", { body: { ...body("did:peaq:0x" + "1".repeat(40)), color: "red" } }],
    ["wrong type", { body: { ...body("did:peaq:0x" + "1".repeat(40)), capabilities: "telemetry" } }],
    ["missing displayName", { body: { ...body("did:peaq:0x" + "1".repeat(40)), displayName: undefined } }],
    ["array body", { body: [] }],
  ])("rejects %s with VALIDATION_ERROR", async (_name, o) => {
    const before = expectOk(await api("GET", "/machines?limit=500", { owner: ownerA })).items.length;
    expectError(await api("POST", "/machines", { owner: ownerA, ...o }), 400, "VALIDATION_ERROR");
    expect(expectOk(await api("GET", "/machines?limit=500", { owner: ownerA })).items.length).toBe(before);
  });
});

describe("reading and changing machines", () => {
  it("lists only the caller's machines, newest first, with cursors and a status filter", async () => {
    const { machine: m1 } = await newMachine(ownerB, { active: false });
    const { machine: m2 } = await newMachine(ownerB);
    const first = expectOk(await api("GET", "/machines?limit=1", { owner: ownerB }));
    expect(first.items.map((m: { id: string }) => m.id)).toEqual([m2.id]);
    expect(typeof first.nextCursor).toBe("string");
    const second = expectOk(await api("GET", `/machines?limit=1&cursor=${first.nextCursor}`, { owner: ownerB }));
    expect(second.items[0].id).toBe(m1.id);
    const drafts = expectOk(await api("GET", "/machines?status=draft&limit=500", { owner: ownerB })).items;
    expect(drafts.every((m: { status: string }) => m.status === "draft")).toBe(true);
    const all = expectOk(await api("GET", "/machines?limit=500", { owner: ownerA })).items;
    expect(all.some((m: { id: string }) => m.id === m1.id || m.id === m2.id)).toBe(false);
    const last = expectOk(await api("GET", "/machines?limit=500", { owner: ownerB }));
    expect(last).not.toHaveProperty("nextCursor");
  });

  it.each(["limit=0", "limit=501", "limit=abc", "status=flying", "cursor=!!", "unknown=1"])("rejects ?%s", async (q) => {
    expectError(await api("GET", `/machines?${q}`, { owner: ownerA }), 400, "VALIDATION_ERROR");
  });

  it("hides other owners' machines behind 404", async () => {
    const { machine } = await newMachine(ownerA, { active: false });
    expectError(await api("GET", `/machines/${machine.id}`, { owner: ownerB }), 404, "NOT_FOUND");
    expectError(
      await api("PATCH", `/machines/${machine.id}`, { owner: ownerB, body: { displayName: "mine" } }),
      404,
      "NOT_FOUND",
    );
    expectError(
      await api("POST", `/machines/${machine.id}/bond`, { owner: ownerB, body: { amount: 1, currency: "PEAQ" } }),
      404,
      "NOT_FOUND",
    );
    expectError(await api("GET", `/machines/${machine.id}/events`, { owner: ownerB }), 404, "NOT_FOUND");
    expectError(await api("GET", "/machines/mach_aaaaaaaaaaaaaaaa", { owner: ownerA }), 404, "NOT_FOUND");
    expectError(await api("GET", "/machines/not-an-id", { owner: ownerA }), 404, "NOT_FOUND");
    expect(expectOk(await api("GET", `/machines/${machine.id}`, { owner: ownerA })).item.id).toBe(machine.id);
  });

  it("patches fields, archives, and keeps identityRef immutable", async () => {
    const { machine } = await newMachine(ownerA, { active: false });
    const patched = expectOk(
      await api("PATCH", `/machines/${machine.id}`, {
        owner: ownerA,
        body: { displayName: "Renamed", labels: { a: "b" }, identityRef: machine.identityRef },
      }),
    ).item;
    expect(patched).toMatchObject({ displayName: "Renamed", labels: { a: "b" } });
    expectError(
      await api("PATCH", `/machines/${machine.id}`, { owner: ownerA, body: { identityRef: `did:peaq:${newAccount().address}` } }),
      409,
      "MACHINE_IDENTITY_IMMUTABLE",
    );
    expectError(
      await api("PATCH", `/machines/${machine.id}`, { owner: ownerA, body: { status: "active" } }),
      400,
      "VALIDATION_ERROR",
    );
    expectError(await api("PATCH", `/machines/${machine.id}`, { owner: ownerA, body: {} }), 400, "VALIDATION_ERROR");
    expectError(
      await api("PATCH", `/machines/${machine.id}`, { owner: ownerA, body: { ownerId: ownerB.address } }),
      400,
      "VALIDATION_ERROR",
    );
    expect(
      expectOk(await api("PATCH", `/machines/${machine.id}`, { owner: ownerA, body: { status: "archived" } })).item.status,
    ).toBe("archived");
    expectError(
      await api("POST", `/machines/${machine.id}/bond`, { owner: ownerA, body: { amount: 1, currency: "PEAQ" } }),
      409,
      "MACHINE_NOT_ACTIVE",
    );
  });

  it.each([
    [{ amount: 1.0000001, currency: "PEAQ" }],
    [{ amount: -1, currency: "PEAQ" }],
    [{ amount: 0, currency: "PEAQ" }],
    [{ amount: "ten", currency: "PEAQ" }],
    [{ amount: 1, currency: "PEAQ", txHash: "0x1234" }],
    [{ amount: 1 }],
  ])("rejects bond %j", async (b) => {
    const { machine } = await newMachine(ownerA, { active: false });
    expectError(await api("POST", `/machines/${machine.id}/bond`, { owner: ownerA, body: b }), 400, "VALIDATION_ERROR");
    expect(expectOk(await api("GET", `/machines/${machine.id}`, { owner: ownerA })).item.status).toBe("draft");
  });

  it("pages the event log", async () => {
    const { machine } = await newMachine(ownerA);
    const p1 = expectOk(await api("GET", `/machines/${machine.id}/events?limit=2`, { owner: ownerA }));
    expect(p1.items.map((e: { type: string }) => e.type)).toEqual(["machine.activated", "machine.bonded"]);
    const p2 = expectOk(await api("GET", `/machines/${machine.id}/events?limit=2&cursor=${p1.nextCursor}`, { owner: ownerA }));
    expect(p2.items.map((e: { type: string }) => e.type)).toEqual(["machine.created"]);
    expect(p2.items[0]).toMatchObject({ machineId: machine.id, actor: `owner:${ownerA.address}` });
    expectError(await api("GET", `/machines/${machine.id}/events?cursor=abc`, { owner: ownerA }), 400, "VALIDATION_ERROR");
  });
});
