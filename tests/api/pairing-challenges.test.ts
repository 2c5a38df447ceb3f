import { describe, expect, it } from "vitest";
import { api, env, expectError, expectOk, newAccount, ownerA, ownerB } from "../support/api-client";
import { newMachine, pairAgent, pairChallenge } from "../support/fixtures";

describe("POST /machines/:id/agent-pairings/challenges", () => {
  it("returns the spec's challenge with the exact message template and the playbook aliases", async () => {
    const { machine } = await newMachine(ownerA);
    const agent = newAccount();
    const res = await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, {
      owner: ownerA,
      body: { agentAddress: agent.address.toLowerCase(), agentProvider: "anthropic", agentRole: "machine-market-buyer" },
    });
    const c = expectOk(res, 201).item;
    const host = new URL(env.baseUrl).host;
    expect(c).toMatchObject({
      machineId: machine.id,
      agentAddress: agent.address,
      agentDid: `did:pkh:eip155:1:${agent.address}`,
      agentProvider: "anthropic",
      agentRole: "machine-market-buyer",
      purpose: "pair",
      pairingId: null,
      verificationMethod: "eip191",
      challenge_id: c.challengeId,
      expires_at: c.expiresAt,
    });
    expect(c.challengeId).toMatch(/^apc_[a-z2-7]{16}$/);
    expect(c.nonce).toMatch(/^[A-Za-z0-9]{16,}$/);
    expect(new Date(c.expiresAt).getTime() - new Date(c.issuedAt).getTime()).toBe(300_000);
    expect(c.message).toBe(
      [
        `${host} wants ${agent.address} to prove control of its key to peaqOS.`,
        "",
        "Action: Pair agent with machine",
        `Machine: ${machine.id}`,
        "Agent provider: anthropic",
        "Agent role: machine-market-buyer",
        `Agent DID: did:pkh:eip155:1:${agent.address}`,
        `Challenge ID: ${c.challengeId}`,
        `Nonce: ${c.nonce}`,
        `Issued At: ${c.issuedAt}`,
        `Expiration Time: ${c.expiresAt}`,
      ].join("\n"),
    );
    const second = expectOk(await pairChallenge(ownerA, machine.id, agent), 201).item;
    expect(second.nonce).not.toBe(c.nonce);
  });

  it("accepts a did:pkh on another chain naming the same address, and nothing else", async () => {
    const { machine } = await newMachine(ownerA);
    const agent = newAccount();
    const ok = expectOk(
      await pairChallenge(ownerA, machine.id, agent, { agentDid: `did:pkh:eip155:3338:${agent.address.toLowerCase()}` }),
      201,
    );
    expect(ok.item.agentDid).toBe(`did:pkh:eip155:3338:${agent.address}`);
    for (const agentDid of [
      `did:pkh:eip155:1:${newAccount().address}`,
      `did:pkh:eip155:0:${agent.address}`,
      `did:ethr:${agent.address}`,
      `did:pkh:eip155:1:${agent.address}:extra`,
    ]) {
      expectError(await pairChallenge(ownerA, machine.id, agent, { agentDid }), 400, "VALIDATION_ERROR");
    }
  });

  it.each([
    [{ agentAddress: "0x1234", agentProvider: "x", agentRole: "y" }],
    [{ agentAddress: `0x${"g".repeat(40)}`, agentProvider: "x", agentRole: "y" }],
    [{ agentAddress: `0x${"a".repeat(40)}`, agentProvider: "", agentRole: "y" }],
    [{ agentAddress: `0x${"a".repeat(40)}`, agentProvider: "x".repeat(65), agentRole: "y" }],
    [{ agentAddress: `0x${"a".repeat(40)}`, agentProvider: "x" }],
    [{ agentAddress: `0x${"a".repeat(40)}`, agentProvider: "x", agentRole: "y", purpose: "pair" }],
    [{ agentAddress: 7, agentProvider: "x", agentRole: "y" }],
  ])("rejects %j", async (body) => {
    const { machine } = await newMachine(ownerA);
    expectError(
      await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, { owner: ownerA, body }),
      400,
      "VALIDATION_ERROR",
    );
  });

  it("is 404 for another owner's machine and needs a credential", async () => {
    const { machine } = await newMachine(ownerA);
    expectError(await pairChallenge(ownerB, machine.id, newAccount()), 404, "NOT_FOUND");
    expectError(
      await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, {
        body: { agentAddress: newAccount().address, agentProvider: "x", agentRole: "y" },
      }),
      401,
      "AUTH_REQUIRED",
    );
  });

  it("issues rotate challenges to the owner and to the pairing's own agent, even with an expired token", async () => {
    const { machine } = await newMachine(ownerA);
    const { pairing, agent, token } = await pairAgent(ownerA, machine.id);
    const body = { agentAddress: agent.address, agentProvider: "anthropic", agentRole: "ops", pairingId: pairing.id };
    const byOwner = expectOk(
      await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, { owner: ownerA, body }),
      201,
    ).item;
    expect(byOwner).toMatchObject({ purpose: "rotate", pairingId: pairing.id });
    expect(byOwner.message).toContain("Action: Rotate agent session");
    const later = new Date(Date.now() + 25 * 3_600_000);
    const byAgent = expectOk(
      await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, { token, body, at: later }),
      201,
    ).item;
    expect(byAgent.purpose).toBe("rotate");
    // The agent may not ask for a pair challenge or for another pairing.
    expectError(
      await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, { token, body: { ...body, pairingId: undefined } }),
      403,
      "FORBIDDEN",
    );
    const other = await pairAgent(ownerA, machine.id);
    expectError(
      await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, {
        token,
        body: { ...body, pairingId: other.pairing.id },
      }),
      403,
      "FORBIDDEN",
    );
    expectError(
      await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, {
        owner: ownerA,
        body: { ...body, agentAddress: newAccount().address },
      }),
      400,
      "VALIDATION_ERROR",
    );
    expectError(
      await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, {
        owner: ownerA,
        body: { ...body, agentDid: `did:pkh:eip155:5:${agent.address}` },
      }),
      400,
      "VALIDATION_ERROR",
    );
    expect(byOwner.agentDid).toBe(pairing.agentDid);
    expectError(
      await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, {
        owner: ownerA,
        body: { ...body, pairingId: "apr_aaaaaaaaaaaaaaaa" },
      }),
      404,
      "NOT_FOUND",
    );
    expectError(
      await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, { token: `${token}x`, body }),
      401,
      "AGENT_AUTH_INVALID",
    );
    expectOk(await api("DELETE", `/machines/${machine.id}/agent-pairings/${pairing.id}`, { owner: ownerA }));
    expectError(
      await api("POST", `/machines/${machine.id}/agent-pairings/challenges`, { owner: ownerA, body }),
      409,
      "AGENT_PAIRING_INACTIVE",
    );
  });
});
