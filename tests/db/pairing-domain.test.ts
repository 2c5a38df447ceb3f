/**
 * lib/ against a real database (a fresh PGlite directory or PostgreSQL database per run, set by
 * scripts/test-api.ts). Covers the write-path token checks that the market endpoints will call,
 * and states the HTTP API cannot reach yet (open orders, machines without identity proofs).
 */
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { createPairing } from "@/lib/pairing/create-pairing";
import { authorizeAgent } from "@/lib/pairing/authenticate-agent";
import { getOwnedPairing } from "@/lib/pairing/read-pairings";
import { revokePairing } from "@/lib/pairing/revoke-pairing";
import { rotateSession } from "@/lib/pairing/rotate-session";
import { issuePairingChallenge } from "@/lib/pairing/issue-challenge";
import { verifySessionToken } from "@/lib/pairing/session-token";
import { signingKeys } from "@/lib/pairing/signing-keys";
import { updatePairing } from "@/lib/pairing/update-pairing";
import { bondMachine, updateMachine } from "@/lib/machines/update-machine";
import { delegationPolicySchema } from "@/lib/policy/delegation-policy";
import { pairAgentInProcess, registerMachine } from "../../scripts/in-process-flows";
import { scriptContext } from "../../scripts/script-context";
import { pruneExpired } from "@/lib/maintenance/prune";

const account = () => privateKeyToAccount(generatePrivateKey());
const owner = account().address;
const ctx = () => scriptContext();

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    if (err instanceof ApiError) return err.details?.reason ? `${err.code}:${String(err.details.reason)}` : err.code;
    throw err;
  }
}

async function writeCheck(token: string, target: { machineId: string; pairingId: string }, now = new Date()) {
  const claims = await verifySessionToken(token, signingKeys(), { issuer: ctx().publicUrl, now });
  return authorizeAgent(claims, target, "write");
}

async function setup(policy?: unknown) {
  const machine = await registerMachine(owner, account());
  const agent = account();
  const pairing = await pairAgentInProcess(owner, machine.id, agent, { policy });
  return { machine, agent, pairing, target: { machineId: machine.id, pairingId: pairing.id } };
}

async function insertOrder(pairingId: string, machineId: string, status: string, amountMicros: bigint, createdAt = new Date()) {
  const db = await getDb();
  return db.marketOrder.create({
    data: {
      id: newId("ord"),
      machineId,
      agentPairingId: pairingId,
      serviceId: "svc_aaaaaaaaaaaaaaaa",
      skillKey: "oracle.price-feed",
      providerKey: "demo",
      operation: "read",
      status,
      amountMicros,
      currency: "USD",
      input: {},
      policyHash: "sha256:x",
      createdAt,
    },
  });
}

afterAll(async () => {
  await (await getDb()).$disconnect();
});

describe("agent token checks on the write path (spec §4 orders, checks 3–7)", () => {
  it("pause blocks, resume restores the same token", async () => {
    const { pairing, target, machine } = await setup();
    expect(await code(writeCheck(pairing.pairingToken, target))).toBe("OK");
    await updatePairing(owner, machine.id, pairing.id, { status: "paused" }, null, ctx());
    expect(await code(writeCheck(pairing.pairingToken, target))).toBe("AGENT_PAIRING_INACTIVE");
    await updatePairing(owner, machine.id, pairing.id, { status: "active" }, null, ctx());
    expect(await code(writeCheck(pairing.pairingToken, target))).toBe("OK");
  });

  it("a policy change kills the token with POLICY_CHANGED until the agent rotates", async () => {
    const { pairing, target, machine, agent } = await setup();
    const policy = delegationPolicySchema.parse({ dailySpendLimit: 5, currency: "USD" });
    await updatePairing(owner, machine.id, pairing.id, { delegationPolicy: policy }, null, ctx());
    expect(await code(writeCheck(pairing.pairingToken, target))).toBe("AGENT_AUTH_INVALID:POLICY_CHANGED");
    const c = await issuePairingChallenge(
      machine.id,
      { agentAddress: agent.address, agentProvider: "anthropic", agentRole: "ops", pairingId: pairing.id },
      { kind: "agent", pairingId: pairing.id, actor: `agent:${agent.address}` },
      ctx(),
    );
    const rotated = await rotateSession(
      machine.id,
      pairing.id,
      { agentProof: { challengeId: c.challengeId, signature: await agent.signMessage({ message: c.message }) } },
      ctx(),
    );
    expect(await code(writeCheck(rotated.pairingToken, target))).toBe("OK");
    expect(await code(writeCheck(pairing.pairingToken, target))).toBe("AGENT_AUTH_INVALID:SESSION_REPLACED");
  });

  it("applies checks 3–7 in order", async () => {
    const { pairing, target, machine } = await setup();
    const other = await setup();
    expect(await code(writeCheck(pairing.pairingToken, other.target))).toBe("AGENT_AUTH_INVALID:TOKEN_SCOPE");
    expect(await code(writeCheck(pairing.pairingToken, { ...target, machineId: other.machine.id }))).toBe(
      "AGENT_AUTH_INVALID:TOKEN_SCOPE",
    );
    // Paused wins over a changed policy (5 before 6); a changed policy wins over an inactive machine (6 before 7).
    await updatePairing(
      owner,
      machine.id,
      pairing.id,
      { status: "paused", delegationPolicy: delegationPolicySchema.parse({ deniedSkillKeys: ["x"] }) },
      null,
      ctx(),
    );
    expect(await code(writeCheck(pairing.pairingToken, target))).toBe("AGENT_PAIRING_INACTIVE");
    await updatePairing(owner, machine.id, pairing.id, { status: "active" }, null, ctx());
    await updateMachine(owner, machine.id, { status: "archived" }, ctx());
    expect(await code(writeCheck(pairing.pairingToken, target))).toBe("AGENT_AUTH_INVALID:POLICY_CHANGED");
    expect(await code(writeCheck(other.pairing.pairingToken, other.target))).toBe("OK");
    await updateMachine(owner, other.machine.id, { status: "archived" }, ctx());
    expect(await code(writeCheck(other.pairing.pairingToken, other.target))).toBe("MACHINE_NOT_ACTIVE");
    await revokePairing(owner, other.machine.id, other.pairing.id, ctx());
    expect(await code(writeCheck(other.pairing.pairingToken, other.target))).toBe("AGENT_PAIRING_INACTIVE");
  });

  it("a pairing that no longer exists is AGENT_PAIRING_REQUIRED; an expired token is AGENT_AUTH_EXPIRED", async () => {
    const { pairing, target } = await setup();
    const db = await getDb();
    await db.agentPairing.update({
      where: { id: pairing.id },
      data: { machineId: (await registerMachine(owner, account())).id },
    });
    expect(await code(writeCheck(pairing.pairingToken, target))).toBe("AGENT_PAIRING_REQUIRED");
    expect(await code(writeCheck(pairing.pairingToken, target, new Date(Date.now() + 2 * 86_400_000)))).toBe(
      "AGENT_AUTH_EXPIRED",
    );
  });
});

describe("revoke meets open orders", () => {
  it("is refused with the open order ids and changes nothing, then succeeds once they close", async () => {
    const { pairing, machine } = await setup();
    const open = await insertOrder(pairing.id, machine.id, "executing", 1_000_000n);
    const closed = await insertOrder(pairing.id, machine.id, "confirmed", 1_000_000n);
    const db = await getDb();
    let err: ApiError | undefined;
    try {
      await revokePairing(owner, machine.id, pairing.id, ctx());
    } catch (e) {
      err = e as ApiError;
    }
    expect(err?.code).toBe("OPEN_MARKET_ORDERS");
    expect(err?.details?.orderIds).toEqual([open.id]);
    expect(err?.details?.orderIds).not.toContain(closed.id);
    const still = await getOwnedPairing(owner, machine.id, pairing.id, new Date());
    expect(still).toMatchObject({ status: "active", hasAuthToken: true, sessionId: pairing.sessionId });
    const blocked = await db.event.findMany({ where: { pairingId: pairing.id, type: "pairing.revoke_blocked" } });
    expect(blocked).toHaveLength(1);
    await db.marketOrder.update({ where: { id: open.id }, data: { status: "cancelled" } });
    expect((await revokePairing(owner, machine.id, pairing.id, ctx())).status).toBe("revoked");
  });
});

describe("spend usage in pairing reads", () => {
  it("counts the trailing 24 hours exactly: spent, reserved, remaining and the next release", async () => {
    const { pairing, machine } = await setup({ dailySpendLimit: 10, currency: "USD" });
    const now = new Date();
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    await insertOrder(pairing.id, machine.id, "confirmed", 1_100_000n, hoursAgo(23)); // oldest counted
    await insertOrder(pairing.id, machine.id, "delivered", 2_200_000n, hoursAgo(2));
    await insertOrder(pairing.id, machine.id, "created", 300_000n, hoursAgo(1));
    await insertOrder(pairing.id, machine.id, "cancelled", 5_000_000n, hoursAgo(1)); // released
    await insertOrder(pairing.id, machine.id, "confirmed", 9_000_000n, hoursAgo(25)); // left the window
    const view = await getOwnedPairing(owner, machine.id, pairing.id, now);
    expect(view.usage).toEqual({
      currency: "USD",
      spent: 3.3,
      reserved: 0.3,
      remaining: 6.4,
      nextReleaseAt: new Date(hoursAgo(23).getTime() + 86_400_000).toISOString(),
    });
  });
});

describe("machine preconditions the HTTP API cannot reach with verification on", () => {
  it("refuses to pair on an active machine without an identity proof, and to bond one", async () => {
    const db = await getDb();
    await db.owner.upsert({ where: { id: owner }, create: { id: owner }, update: {} });
    const unverified = await db.machine.create({
      data: {
        id: newId("mach"),
        ownerId: owner,
        displayName: "legacy",
        status: "active",
        identityRef: `peaqos:machine:legacy-${newId("mach")}`,
        machineType: "robot",
        runtimeProfile: "x",
        capabilities: [],
        labels: {},
        policyIds: [],
        skillKeys: [],
      },
    });
    const agent = account();
    expect(
      await code(createPairing(owner, unverified.id, { agentAddress: agent.address, agentProvider: "a", agentRole: "b" }, ctx())),
    ).toBe("MACHINE_IDENTITY_PROOF_REQUIRED");
    expect(await code(bondMachine(owner, unverified.id, { amount: 1_000_000n, currency: "PEAQ" }, ctx()))).toBe(
      "MACHINE_NOT_ACTIVATED",
    );
  });
});

describe("pruning", () => {
  it("drops challenges and quotes expired over a week ago, keeps recent ones and everything that matters", async () => {
    const { machine, pairing } = await setup();
    const db = await getDb();
    const counts = async () => ({
      challenges: await db.agentPairingChallenge.count({ where: { machineId: machine.id } }),
      pairings: await db.agentPairing.count({ where: { machineId: machine.id } }),
      events: await db.event.count({ where: { machineId: machine.id } }),
    });
    const now = await counts();
    expect(now.challenges).toBeGreaterThan(0);
    await pruneExpired(new Date());
    expect(await counts()).toEqual(now);
    await pruneExpired(new Date(Date.now() + 8 * 86_400_000));
    expect(await counts()).toEqual({ ...now, challenges: 0 });
    expect((await getOwnedPairing(owner, machine.id, pairing.id, new Date())).status).toBe("active");
  });
});

describe("production without a signing secret", () => {
  it("create and rotate answer 503 AGENT_PAIRING_UNAVAILABLE and consume nothing", async () => {
    const { machine, pairing, agent } = await setup();
    const saved = { ...process.env };
    process.env.PEAQOS_ENV = "production";
    delete process.env.PEAQOS_AGENT_PAIRING_JWT_SECRET;
    delete process.env.PEAQOS_AGENT_PAIRING_JWT_SECRET_PREVIOUS;
    delete process.env.PEAQOS_TEST_CLOCK;
    vi.resetModules(); // fresh config and key caches; the database client lives on globalThis
    try {
      const { issuePairingChallenge: challenge } = await import("@/lib/pairing/issue-challenge");
      const { createPairing: create } = await import("@/lib/pairing/create-pairing");
      const { rotateSession: rotateIt } = await import("@/lib/pairing/rotate-session");
      const codeOf = (p: Promise<unknown>) =>
        p.then(
          () => "OK",
          (e: { code?: string }) => e.code ?? String(e),
        );
      const db = await getDb();
      const caller = { kind: "owner" as const, actor: `owner:${owner}` };

      const newAgent = account();
      const who = { agentAddress: newAgent.address, agentProvider: "anthropic", agentRole: "ops" };
      const c = await challenge(machine.id, who, caller, ctx());
      const proof = { challengeId: c.challengeId, signature: await newAgent.signMessage({ message: c.message }) };
      const before = await db.agentPairing.count({ where: { machineId: machine.id } });
      expect(await codeOf(create(owner, machine.id, { ...who, agentProof: proof }, ctx()))).toBe("AGENT_PAIRING_UNAVAILABLE");
      expect(await db.agentPairing.count({ where: { machineId: machine.id } })).toBe(before);
      expect((await db.agentPairingChallenge.findUniqueOrThrow({ where: { id: c.challengeId } })).usedAt).toBeNull();

      const r = await challenge(
        machine.id,
        { agentAddress: agent.address, agentProvider: "anthropic", agentRole: "ops", pairingId: pairing.id },
        caller,
        ctx(),
      );
      const rotateProof = { challengeId: r.challengeId, signature: await agent.signMessage({ message: r.message }) };
      expect(await codeOf(rotateIt(machine.id, pairing.id, { agentProof: rotateProof }, ctx()))).toBe(
        "AGENT_PAIRING_UNAVAILABLE",
      );
      expect((await db.agentPairing.findUniqueOrThrow({ where: { id: pairing.id } })).currentSessionId).toBe(pairing.sessionId);
    } finally {
      process.env = saved;
      vi.resetModules();
    }
  });
});

describe("verification disabled (allowed outside production)", () => {
  it("pairs without a proof and registers an unverified machine, which cannot be activated", async () => {
    const { machine, pairing } = await setup();
    const saved = { ...process.env };
    process.env.PEAQOS_AGENT_PAIRING_VERIFICATION = "disabled";
    process.env.PEAQOS_MACHINE_IDENTITY_VERIFICATION = "disabled";
    vi.resetModules();
    try {
      const { createPairing: create } = await import("@/lib/pairing/create-pairing");
      const { rotateSession: rotateIt } = await import("@/lib/pairing/rotate-session");
      const { createMachine } = await import("@/lib/machines/create-machine");
      const { bondMachine: bond } = await import("@/lib/machines/update-machine");
      const codeOf = (p: Promise<unknown>) =>
        p.then(
          () => "OK",
          (e: { code?: string }) => e.code ?? String(e),
        );
      const agent = account();
      const paired = await create(
        owner,
        machine.id,
        { agentAddress: agent.address, agentProvider: "openai", agentRole: "ops" },
        ctx(),
      );
      expect(paired).toMatchObject({ status: "active", verification: null, hasAuthToken: true });
      // Rotation has no other credential than the proof, so it still needs one.
      expect(await codeOf(rotateIt(machine.id, pairing.id, {}, ctx()))).toBe("AGENT_PAIRING_PROOF_REQUIRED");
      const unverified = await createMachine(
        owner,
        {
          displayName: "u",
          identityRef: `did:peaq:${account().address}`,
          machineType: "robot",
          runtimeProfile: "x",
          capabilities: [],
          labels: {},
          skillKeys: [],
        },
        ctx(),
      );
      expect(unverified).toMatchObject({ status: "draft", identityProof: null });
      expect(await codeOf(bond(owner, unverified.id, { amount: 1_000_000n, currency: "PEAQ" }, ctx()))).toBe(
        "MACHINE_NOT_ACTIVATED",
      );
    } finally {
      process.env = saved;
      vi.resetModules();
    }
  });
});
