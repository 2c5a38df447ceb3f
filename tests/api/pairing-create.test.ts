import { decodeJwt, decodeProtectedHeader } from "jose";
import { parseSignature, serializeCompactSignature, signatureToCompactSignature } from "viem";
import { describe, expect, it } from "vitest";
import { EMPTY_POLICY, policyHash } from "@/lib/policy/delegation-policy";
import { api, env, expectError, expectOk, newAccount, ownerA, ownerB } from "../support/api-client";
import { events, newMachine, pairAgent, pairChallenge } from "../support/fixtures";

const path = (machineId: string) => `/machines/${machineId}/agent-pairings`;

async function signedChallenge(machineId: string, owner = ownerA, extra: Record<string, string> = {}) {
  const agent = newAccount();
  const c = expectOk(await pairChallenge(owner, machineId, agent, extra), 201).item;
  const signature = await agent.signMessage({ message: c.message });
  const body = (proof: unknown = { challengeId: c.challengeId, signature }) => ({
    agentAddress: agent.address,
    agentProvider: c.agentProvider,
    agentRole: c.agentRole,
    agentProof: proof,
  });
  return { agent, c, signature, body };
}

async function pairingCount(machineId: string) {
  return expectOk(await api("GET", `${path(machineId)}?limit=500`, { owner: ownerA })).items.length as number;
}

describe("POST /machines/:id/agent-pairings", () => {
  it("pairs a verified agent and returns the token once, with the alias", async () => {
    const { machine } = await newMachine(ownerA);
    const { body, agent, c } = await signedChallenge(machine.id);
    const p = expectOk(
      await api("POST", path(machine.id), { owner: ownerA, body: { ...body(), description: "night shift" } }),
      201,
    ).item;
    expect(p).toMatchObject({
      machineId: machine.id,
      status: "active",
      agentAddress: agent.address,
      agentDid: `did:pkh:eip155:1:${agent.address}`,
      agentProvider: "anthropic",
      agentRole: "ops",
      description: "night shift",
      verification: { method: "eip191", signerAddress: agent.address, challengeExpiresAt: c.expiresAt },
      delegationPolicy: {
        allowedSkillKeys: [],
        deniedSkillKeys: [],
        allowedServiceIds: [],
        deniedServiceIds: [],
        perTransactionLimit: null,
        dailySpendLimit: null,
        currency: null,
      },
      delegationPolicyHash: policyHash(EMPTY_POLICY),
      hasAuthToken: true,
      revokedAt: null,
    });
    expect(p.id).toMatch(/^apr_[a-z2-7]{16}$/);
    expect(p.pairing_token).toBe(p.pairingToken);
    expect(p.tokenLastFour).toBe(p.pairingToken.slice(-4));
    const header = decodeProtectedHeader(p.pairingToken);
    expect(header).toMatchObject({ alg: "HS256", typ: "JWT" });
    expect(typeof header.kid).toBe("string");
    const claims = decodeJwt(p.pairingToken);
    expect(claims).toMatchObject({
      iss: env.baseUrl,
      aud: "peaqos-machine-markets",
      sub: p.id,
      jti: p.sessionTokenId,
      machineId: machine.id,
      pairingId: p.id,
      sessionId: p.sessionId,
      agentAddress: agent.address,
      agentDid: p.agentDid,
      delegationPolicyHash: p.delegationPolicyHash,
    });
    expect(claims.exp! - claims.iat!).toBe(86_400);
    expect(new Date(p.sessionExpiresAt).getTime() / 1000).toBe(claims.exp);
    const read = expectOk(await api("GET", `${path(machine.id)}/${p.id}`, { owner: ownerA })).item;
    expect(read).not.toHaveProperty("pairingToken");
    expect(read.tokenLastFour).toBe(p.tokenLastFour);
    const types = (await events(ownerA, machine.id)).map((e) => e.type);
    expect(types).toContain("pairing.challenge_issued");
    expect(types).toContain("pairing.created");
  });

  it("stores a policy given at creation, normalised", async () => {
    const { machine } = await newMachine(ownerA);
    const { pairing } = await pairAgent(ownerA, machine.id, {
      delegationPolicy: {
        allowedSkillKeys: ["storage.object", "oracle.price-feed", "storage.object"],
        perTransactionLimit: 1.25,
        dailySpendLimit: "10",
        currency: "usdc",
      },
    });
    expect(pairing.delegationPolicy).toEqual({
      allowedSkillKeys: ["oracle.price-feed", "storage.object"],
      deniedSkillKeys: [],
      allowedServiceIds: [],
      deniedServiceIds: [],
      perTransactionLimit: 1.25,
      dailySpendLimit: 10,
      currency: "USDC",
    });
    expect(pairing.usage).toEqual({ currency: "USDC", spent: 0, reserved: 0, remaining: 10, nextReleaseAt: null });
  });

  it("checks the machine first: another owner's is 404, a draft one is MACHINE_NOT_ACTIVE", async () => {
    const { machine } = await newMachine(ownerA);
    const { body } = await signedChallenge(machine.id);
    expectError(await api("POST", path(machine.id), { owner: ownerB, body: body() }), 404, "NOT_FOUND");
    const { machine: draft } = await newMachine(ownerA, { active: false });
    expectError(await api("POST", path(draft.id), { owner: ownerA, body: body() }), 409, "MACHINE_NOT_ACTIVE");
    // Check order: the machine's state wins over a missing proof.
    expectError(
      await api("POST", path(draft.id), { owner: ownerA, body: { ...body(), agentProof: undefined } }),
      409,
      "MACHINE_NOT_ACTIVE",
    );
  });

  it("requires the proof", async () => {
    const { machine } = await newMachine(ownerA);
    const { body } = await signedChallenge(machine.id);
    expectError(
      await api("POST", path(machine.id), { owner: ownerA, body: { ...body(), agentProof: undefined } }),
      400,
      "AGENT_PAIRING_PROOF_REQUIRED",
    );
  });

  it("refuses a challenge for another machine, agent, provider, role or purpose", async () => {
    const { machine } = await newMachine(ownerA);
    const { machine: other } = await newMachine(ownerA);
    const foreign = await signedChallenge(other.id);
    expectError(await api("POST", path(machine.id), { owner: ownerA, body: foreign.body() }), 401, "AGENT_PAIRING_PROOF_INVALID");
    const own = await signedChallenge(machine.id);
    const otherAgent = newAccount();
    expectError(
      await api("POST", path(machine.id), { owner: ownerA, body: { ...own.body(), agentAddress: otherAgent.address } }),
      401,
      "AGENT_PAIRING_PROOF_INVALID",
    );
    expectError(
      await api("POST", path(machine.id), { owner: ownerA, body: { ...own.body(), agentProvider: "openai" } }),
      401,
      "AGENT_PAIRING_PROOF_INVALID",
    );
    expectError(
      await api("POST", path(machine.id), { owner: ownerA, body: { ...own.body(), agentRole: "trader" } }),
      401,
      "AGENT_PAIRING_PROOF_INVALID",
    );
    expectError(
      await api("POST", path(machine.id), {
        owner: ownerA,
        body: { ...own.body(), agentDid: `did:pkh:eip155:5:${own.agent.address}` },
      }),
      401,
      "AGENT_PAIRING_PROOF_INVALID",
    );
    expectError(
      await api("POST", path(machine.id), {
        owner: ownerA,
        body: own.body({ challengeId: "apc_aaaaaaaaaaaaaaaa", signature: own.signature }),
      }),
      401,
      "AGENT_PAIRING_PROOF_INVALID",
    );
    // A rotate challenge cannot be used to pair.
    const paired = await pairAgent(ownerA, machine.id);
    const rotateC = expectOk(await pairChallenge(ownerA, machine.id, paired.agent, { pairingId: paired.pairing.id }), 201).item;
    const rotateSig = await paired.agent.signMessage({ message: rotateC.message });
    expectError(
      await api("POST", path(machine.id), {
        owner: ownerA,
        body: {
          agentAddress: paired.agent.address,
          agentProvider: "anthropic",
          agentRole: "ops",
          agentProof: { challengeId: rotateC.challengeId, signature: rotateSig },
        },
      }),
      401,
      "AGENT_PAIRING_PROOF_INVALID",
    );
    // None of that consumed the genuine challenge.
    expectOk(await api("POST", path(machine.id), { owner: ownerA, body: own.body() }), 201);
  });

  it("reports an expired challenge as PROOF_EXPIRED", async () => {
    const { machine } = await newMachine(ownerA);
    const { body } = await signedChallenge(machine.id);
    const late = new Date(Date.now() + 300_001);
    expectError(
      await api("POST", path(machine.id), { owner: ownerA, body: body(), at: late }),
      401,
      "AGENT_PAIRING_PROOF_EXPIRED",
    );
    expect(await pairingCount(machine.id)).toBe(0);
  });

  it("refuses bad signatures without consuming the challenge", async () => {
    const { machine } = await newMachine(ownerA);
    const { body, c, signature } = await signedChallenge(machine.id);
    const compact = serializeCompactSignature(signatureToCompactSignature(parseSignature(signature as `0x${string}`)));
    const wrongKey = await newAccount().signMessage({ message: c.message });
    const otherMessage = await newAccount().signMessage({ message: `${c.message} ` });
    for (const sig of [compact, wrongKey, otherMessage, "0xdeadbeef", "garbage", `0x${"00".repeat(65)}`, `${signature}00`]) {
      expectError(
        await api("POST", path(machine.id), { owner: ownerA, body: body({ challengeId: c.challengeId, signature: sig }) }),
        401,
        "AGENT_PAIRING_PROOF_INVALID",
      );
    }
    expect(await pairingCount(machine.id)).toBe(0);
    const rejected = (await events(ownerA, machine.id)).filter((e) => e.type === "pairing.proof_rejected");
    expect(rejected.length).toBe(7);
    expect(rejected.every((e) => e.rule === "BAD_SIGNATURE" && e.decision === "denied")).toBe(true);
    expectOk(await api("POST", path(machine.id), { owner: ownerA, body: body() }), 201);
  });

  it("refuses a replayed proof", async () => {
    const { machine } = await newMachine(ownerA);
    const { body } = await signedChallenge(machine.id);
    const first = expectOk(await api("POST", path(machine.id), { owner: ownerA, body: body() }), 201).item;
    expectOk(await api("DELETE", `${path(machine.id)}/${first.id}`, { owner: ownerA }));
    const replay = expectError(
      await api("POST", path(machine.id), { owner: ownerA, body: body() }),
      401,
      "AGENT_PAIRING_PROOF_INVALID",
    );
    expect(replay.details?.reason).toBe("CHALLENGE_USED");
    expect(await pairingCount(machine.id)).toBe(1);
  });

  it("gives exactly one pairing to twenty concurrent creates with one proof (three rounds)", async () => {
    for (let round = 0; round < 3; round++) {
      const { machine } = await newMachine(ownerA);
      const { body } = await signedChallenge(machine.id);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => api("POST", path(machine.id), { owner: ownerA, body: body() })),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      for (const r of results.filter((x) => x.status !== 201)) expectError(r, 401, "AGENT_PAIRING_PROOF_INVALID");
      expect(await pairingCount(machine.id)).toBe(1);
    }
  });

  it("allows one live pairing per agent and machine, and a new one after revoke", async () => {
    const { machine } = await newMachine(ownerA);
    const { pairing, agent } = await pairAgent(ownerA, machine.id);
    const again = await signedChallenge(machine.id);
    const c = expectOk(await pairChallenge(ownerA, machine.id, agent), 201).item;
    const signature = await agent.signMessage({ message: c.message });
    const body = {
      agentAddress: agent.address,
      agentProvider: "anthropic",
      agentRole: "ops",
      agentProof: { challengeId: c.challengeId, signature },
    };
    expectError(await api("POST", path(machine.id), { owner: ownerA, body }), 409, "AGENT_PAIRING_EXISTS");
    expectOk(await api("DELETE", `${path(machine.id)}/${pairing.id}`, { owner: ownerA }));
    const second = expectOk(await api("POST", path(machine.id), { owner: ownerA, body }), 201).item;
    expect(second.id).not.toBe(pairing.id);
    expectOk(await api("POST", path(machine.id), { owner: ownerA, body: again.body() }), 201);
    // The same agent can pair with another machine meanwhile.
    const { machine: m2 } = await newMachine(ownerA);
    await pairAgent(ownerA, m2.id, { agent });
  });

  it.each([
    ["malformed JSON", { raw: '{"agentAddress":' }],
    ["wrong content type", { raw: "{}", headers: { "content-type": "text/plain" } }],
    ["empty body", { raw: "" }],
    ["oversized body", { raw: JSON.stringify({ description: "x".repeat(70_000) }) }],
    ["unknown field", { body: { agentAddress: `0x${"a".repeat(40)}`, agentProvider: "x", agentRole: "y", admin: true } }],
    ["bad address", { body: { agentAddress: "0xnope", agentProvider: "x", agentRole: "y" } }],
    ["wrong types", { body: { agentAddress: `0x${"a".repeat(40)}`, agentProvider: 1, agentRole: ["y"] } }],
    [
      "long description",
      { body: { agentAddress: `0x${"a".repeat(40)}`, agentProvider: "x", agentRole: "y", description: "d".repeat(501) } },
    ],
    [
      "limit without currency",
      {
        body: {
          agentAddress: `0x${"a".repeat(40)}`,
          agentProvider: "x",
          agentRole: "y",
          delegationPolicy: { dailySpendLimit: 5 },
        },
      },
    ],
    [
      "7-decimal amount",
      {
        body: {
          agentAddress: `0x${"a".repeat(40)}`,
          agentProvider: "x",
          agentRole: "y",
          delegationPolicy: { perTransactionLimit: 0.0000001, currency: "USD" },
        },
      },
    ],
    [
      "unknown policy field",
      { body: { agentAddress: `0x${"a".repeat(40)}`, agentProvider: "x", agentRole: "y", delegationPolicy: { maxOrders: 3 } } },
    ],
    [
      "extra proof field",
      {
        body: {
          agentAddress: `0x${"a".repeat(40)}`,
          agentProvider: "x",
          agentRole: "y",
          agentProof: { challengeId: "apc_x", signature: "0x", v: 1 },
        },
      },
    ],
  ])("rejects %s with 400 VALIDATION_ERROR and no change", async (_name, o) => {
    const { machine } = await newMachine(ownerA);
    const res = await api("POST", path(machine.id), { owner: ownerA, ...o });
    const err = expectError(res, 400, "VALIDATION_ERROR");
    expect(err.message.length).toBeGreaterThan(0);
    expect(await pairingCount(machine.id)).toBe(0);
  });

  it("names the offending path for unknown fields", async () => {
    const { machine } = await newMachine(ownerA);
    const err = expectError(
      await api("POST", path(machine.id), {
        owner: ownerA,
        body: { agentAddress: `0x${"a".repeat(40)}`, agentProvider: "x", agentRole: "y", delegationPolicy: { maxOrders: 3 } },
      }),
      400,
      "VALIDATION_ERROR",
    );
    expect(JSON.stringify(err.details?.issues)).toContain("delegationPolicy");
  });
});
