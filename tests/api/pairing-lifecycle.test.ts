import { describe, expect, it } from "vitest";
import { api, expectError, expectOk, newAccount, ownerA, ownerB } from "../support/api-client";
import { events, newMachine, pairAgent, pairChallenge, rotate } from "../support/fixtures";

const base = (machineId: string) => `/machines/${machineId}/agent-pairings`;
const policy = {
  allowedSkillKeys: ["oracle.price-feed"],
  deniedSkillKeys: [],
  allowedServiceIds: [],
  deniedServiceIds: [],
  perTransactionLimit: 2,
  dailySpendLimit: 10,
  currency: "USD",
};

describe("reading pairings", () => {
  it("lists newest first with usage, filters by status, pages with a cursor", async () => {
    const { machine } = await newMachine(ownerA);
    const a = await pairAgent(ownerA, machine.id, { delegationPolicy: policy });
    const b = await pairAgent(ownerA, machine.id);
    const all = expectOk(await api("GET", base(machine.id), { owner: ownerA })).items;
    expect(all.map((p: { id: string }) => p.id)).toEqual([b.pairing.id, a.pairing.id]);
    expect(all[1].usage).toEqual({ currency: "USD", spent: 0, reserved: 0, remaining: 10, nextReleaseAt: null });
    expect(all[0].usage).toEqual({ currency: null, spent: 0, reserved: 0, remaining: null, nextReleaseAt: null });
    expect(all.every((p: object) => !("pairingToken" in p))).toBe(true);
    const page1 = expectOk(await api("GET", `${base(machine.id)}?limit=1`, { owner: ownerA }));
    const page2 = expectOk(await api("GET", `${base(machine.id)}?limit=1&cursor=${page1.nextCursor}`, { owner: ownerA }));
    expect([page1.items[0].id, page2.items[0].id]).toEqual([b.pairing.id, a.pairing.id]);
    expect(page2).not.toHaveProperty("nextCursor");
    expectOk(await api("DELETE", `${base(machine.id)}/${a.pairing.id}`, { owner: ownerA }));
    const revoked = expectOk(await api("GET", `${base(machine.id)}?status=revoked`, { owner: ownerA })).items;
    expect(revoked.map((p: { id: string }) => p.id)).toEqual([a.pairing.id]);
    expectError(await api("GET", `${base(machine.id)}?status=gone`, { owner: ownerA }), 400, "VALIDATION_ERROR");
  });

  it("lets the pairing's agent read it with its current token, and nobody else", async () => {
    const { machine } = await newMachine(ownerA);
    const { pairing, token } = await pairAgent(ownerA, machine.id);
    const other = await pairAgent(ownerA, machine.id);
    const own = await api("GET", `${base(machine.id)}/${pairing.id}`, { token });
    expect(expectOk(own).item.id).toBe(pairing.id);
    expect(own.headers.get("etag")).toBe(`"${pairing.delegationPolicyHash}"`);
    expectError(await api("GET", `${base(machine.id)}/${other.pairing.id}`, { token }), 401, "AGENT_AUTH_INVALID");
    expectError(await api("GET", `${base(machine.id)}/${pairing.id}`, { owner: ownerB }), 404, "NOT_FOUND");
    expectError(await api("GET", `${base(machine.id)}/apr_aaaaaaaaaaaaaaaa`, { owner: ownerA }), 404, "NOT_FOUND");
    const { machine: m2 } = await newMachine(ownerA);
    expectError(await api("GET", `${base(m2.id)}/${pairing.id}`, { owner: ownerA }), 404, "NOT_FOUND");
    expectError(await api("GET", `${base(machine.id)}/${pairing.id}`), 401, "AUTH_REQUIRED");
  });
});

describe("POST …/sessions (rotation)", () => {
  it("replaces the session at once: the old token is dead, the new one works", async () => {
    const { machine } = await newMachine(ownerA);
    const { pairing, agent, token } = await pairAgent(ownerA, machine.id);
    const r = await rotate(machine.id, pairing, agent, token);
    expect(r.pairing.pairing_token).toBe(r.token);
    expect(r.pairing.sessionId).not.toBe(pairing.sessionId);
    expect(r.pairing.sessionTokenId).not.toBe(pairing.sessionTokenId);
    expect(r.pairing.tokenLastFour).toBe(r.token.slice(-4));
    expect(r.pairing.delegationPolicyHash).toBe(pairing.delegationPolicyHash);
    const old = expectError(await api("GET", `${base(machine.id)}/${pairing.id}`, { token }), 401, "AGENT_AUTH_INVALID");
    expect(old.details?.reason).toBe("SESSION_REPLACED");
    expectOk(await api("GET", `${base(machine.id)}/${pairing.id}`, { token: r.token }));
    expect((await events(ownerA, machine.id)).map((e) => e.type)).toContain("pairing.session_rotated");
  });

  it("needs a fresh rotate proof for this pairing", async () => {
    const { machine } = await newMachine(ownerA);
    const { pairing, agent } = await pairAgent(ownerA, machine.id);
    const url = `${base(machine.id)}/${pairing.id}/sessions`;
    expectError(await api("POST", url, { body: {} }), 400, "AGENT_PAIRING_PROOF_REQUIRED");
    expectError(await api("POST", url, { body: { agentProof: { challengeId: "apc_x" } } }), 400, "VALIDATION_ERROR");
    expectError(await api("POST", url, { raw: "nope" }), 400, "VALIDATION_ERROR");
    // A pair challenge is not a rotate challenge.
    const pairC = expectOk(await pairChallenge(ownerA, machine.id, agent), 201).item;
    const pairSig = await agent.signMessage({ message: pairC.message });
    expectError(
      await api("POST", url, { body: { agentProof: { challengeId: pairC.challengeId, signature: pairSig } } }),
      401,
      "AGENT_PAIRING_PROOF_INVALID",
    );
    // A rotate challenge for another pairing is not for this one.
    const other = await pairAgent(ownerA, machine.id);
    const otherC = expectOk(await pairChallenge(ownerA, machine.id, other.agent, { pairingId: other.pairing.id }), 201).item;
    const otherSig = await other.agent.signMessage({ message: otherC.message });
    expectError(
      await api("POST", url, { body: { agentProof: { challengeId: otherC.challengeId, signature: otherSig } } }),
      401,
      "AGENT_PAIRING_PROOF_INVALID",
    );
    const c = expectOk(await pairChallenge(ownerA, machine.id, agent, { pairingId: pairing.id }), 201).item;
    const signature = await agent.signMessage({ message: c.message });
    const wrong = await newAccount().signMessage({ message: c.message });
    expectError(
      await api("POST", url, { body: { agentProof: { challengeId: c.challengeId, signature: wrong } } }),
      401,
      "AGENT_PAIRING_PROOF_INVALID",
    );
    expectError(
      await api("POST", url, {
        body: { agentProof: { challengeId: c.challengeId, signature } },
        at: new Date(Date.now() + 301_000),
      }),
      401,
      "AGENT_PAIRING_PROOF_EXPIRED",
    );
    expectOk(await api("POST", url, { body: { agentProof: { challengeId: c.challengeId, signature } } }));
    expectError(
      await api("POST", url, { body: { agentProof: { challengeId: c.challengeId, signature } } }),
      401,
      "AGENT_PAIRING_PROOF_INVALID",
    );
    expectError(
      await api("POST", `${base(machine.id)}/apr_aaaaaaaaaaaaaaaa/sessions`, {
        body: { agentProof: { challengeId: c.challengeId, signature } },
      }),
      404,
      "NOT_FOUND",
    );
    // Without a credential, made-up challenge ids must not be able to fill the owner's audit log.
    const logged = (await events(ownerA, machine.id)).length;
    for (let i = 0; i < 3; i++) {
      expectError(
        await api("POST", url, { body: { agentProof: { challengeId: `apc_${"a".repeat(15)}${i + 2}`, signature } } }),
        401,
        "AGENT_PAIRING_PROOF_INVALID",
      );
    }
    expect((await events(ownerA, machine.id)).length).toBe(logged);
  });

  it("refuses paused and revoked pairings", async () => {
    const { machine } = await newMachine(ownerA);
    const { pairing, agent } = await pairAgent(ownerA, machine.id);
    const c = expectOk(await pairChallenge(ownerA, machine.id, agent, { pairingId: pairing.id }), 201).item;
    const signature = await agent.signMessage({ message: c.message });
    const url = `${base(machine.id)}/${pairing.id}/sessions`;
    expectOk(await api("PATCH", `${base(machine.id)}/${pairing.id}`, { owner: ownerA, body: { status: "paused" } }));
    expectError(
      await api("POST", url, { body: { agentProof: { challengeId: c.challengeId, signature } } }),
      409,
      "AGENT_PAIRING_INACTIVE",
    );
    expectOk(await api("DELETE", `${base(machine.id)}/${pairing.id}`, { owner: ownerA }));
    expectError(
      await api("POST", url, { body: { agentProof: { challengeId: c.challengeId, signature } } }),
      409,
      "AGENT_PAIRING_INACTIVE",
    );
  });
});

describe("PATCH …/agent-pairings/:id", () => {
  it("pauses and resumes; the token keeps its session across the pause", async () => {
    const { machine } = await newMachine(ownerA);
    const { pairing, token } = await pairAgent(ownerA, machine.id);
    const url = `${base(machine.id)}/${pairing.id}`;
    const paused = expectOk(await api("PATCH", url, { owner: ownerA, body: { status: "paused" } })).item;
    expect(paused).toMatchObject({ status: "paused", hasAuthToken: true, sessionId: pairing.sessionId });
    expectOk(await api("GET", url, { token }));
    const resumed = expectOk(await api("PATCH", url, { owner: ownerA, body: { status: "active" } })).item;
    expect(resumed).toMatchObject({
      status: "active",
      sessionId: pairing.sessionId,
      sessionTokenId: pairing.sessionTokenId,
      delegationPolicyHash: pairing.delegationPolicyHash,
    });
    expect(expectOk(await api("GET", url, { token })).item.status).toBe("active");
    const types = (await events(ownerA, machine.id)).map((e) => e.type);
    expect(types).toContain("pairing.paused");
    expect(types).toContain("pairing.resumed");
  });

  it("replaces the policy, logs before/after, and guards with If-Match", async () => {
    const { machine } = await newMachine(ownerA);
    const { pairing, token } = await pairAgent(ownerA, machine.id);
    const url = `${base(machine.id)}/${pairing.id}`;
    const stale = `"${pairing.delegationPolicyHash}"`;
    const updated = await api("PATCH", url, {
      owner: ownerA,
      body: { delegationPolicy: policy },
      headers: { "if-match": stale },
    });
    const item = expectOk(updated).item;
    expect(item.delegationPolicy).toEqual(policy);
    expect(item.delegationPolicyHash).not.toBe(pairing.delegationPolicyHash);
    expect(updated.headers.get("etag")).toBe(`"${item.delegationPolicyHash}"`);
    const conflict = expectError(
      await api("PATCH", url, {
        owner: ownerA,
        body: { delegationPolicy: { ...policy, dailySpendLimit: 99 } },
        headers: { "if-match": stale },
      }),
      412,
      "PRECONDITION_FAILED",
    );
    expect(conflict.details?.currentDelegationPolicyHash).toBe(item.delegationPolicyHash);
    expect(expectOk(await api("GET", url, { owner: ownerA })).item.delegationPolicy.dailySpendLimit).toBe(10);
    const logged = (await events(ownerA, machine.id)).find((e) => e.type === "pairing.policy_updated");
    expect(logged?.details).toMatchObject({
      after: policy,
      beforeHash: pairing.delegationPolicyHash,
      afterHash: item.delegationPolicyHash,
    });
    // The agent can still read its pairing to see the new policy, then rotate.
    expect(expectOk(await api("GET", url, { token })).item.delegationPolicyHash).toBe(item.delegationPolicyHash);
    // Same policy again: same hash, no new event.
    const same = expectOk(
      await api("PATCH", url, {
        owner: ownerA,
        body: { delegationPolicy: { ...policy, allowedSkillKeys: ["oracle.price-feed", "oracle.price-feed"] } },
      }),
    ).item;
    expect(same.delegationPolicyHash).toBe(item.delegationPolicyHash);
  });

  it("changes description and role; rejects bad input and other owners", async () => {
    const { machine } = await newMachine(ownerA);
    const { pairing } = await pairAgent(ownerA, machine.id);
    const url = `${base(machine.id)}/${pairing.id}`;
    expect(
      expectOk(await api("PATCH", url, { owner: ownerA, body: { description: "d", agentRole: "trader" } })).item,
    ).toMatchObject({ description: "d", agentRole: "trader" });
    for (const body of [
      {},
      { status: "revoked" },
      { agentAddress: newAccount().address },
      { delegationPolicy: { perTransactionLimit: 1 } },
      { description: 5 },
    ]) {
      expectError(await api("PATCH", url, { owner: ownerA, body }), 400, "VALIDATION_ERROR");
    }
    expectError(await api("PATCH", url, { owner: ownerB, body: { status: "paused" } }), 404, "NOT_FOUND");
    expect(expectOk(await api("GET", url, { owner: ownerA })).item).toMatchObject({
      status: "active",
      description: "d",
      agentRole: "trader",
    });
  });
});

describe("DELETE …/agent-pairings/:id", () => {
  it("revokes, clears the session, is idempotent and final", async () => {
    const { machine } = await newMachine(ownerA);
    const { pairing, token } = await pairAgent(ownerA, machine.id);
    const url = `${base(machine.id)}/${pairing.id}`;
    expectError(await api("DELETE", url, { owner: ownerB }), 404, "NOT_FOUND");
    const revoked = expectOk(await api("DELETE", url, { owner: ownerA })).item;
    expect(revoked).toMatchObject({
      status: "revoked",
      hasAuthToken: false,
      sessionId: null,
      sessionTokenId: null,
      tokenLastFour: null,
    });
    expect(revoked.revokedAt).not.toBeNull();
    expect(expectOk(await api("DELETE", url, { owner: ownerA })).item).toEqual(revoked);
    expectError(await api("GET", url, { token }), 401, "AGENT_AUTH_INVALID");
    expectError(await api("PATCH", url, { owner: ownerA, body: { status: "active" } }), 409, "AGENT_PAIRING_INACTIVE");
    expect((await events(ownerA, machine.id)).filter((e) => e.type === "pairing.revoked")).toHaveLength(1);
  });
});
