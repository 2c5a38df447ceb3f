import type { PrivateKeyAccount } from "viem/accounts";
import { api, expectOk, newAccount, ownerA } from "./api-client";
import type { TestOwner } from "./test-env";

/** A machine registered with a real identity proof; `active` bonds it too. */
export async function newMachine(owner: TestOwner, opts: { active?: boolean; displayName?: string } = {}) {
  const controller = newAccount();
  const challenge = expectOk(
    await api("POST", "/machines/identity-challenges", { owner, body: { identityRef: `did:peaq:${controller.address}` } }),
    201,
  ).item;
  const signature = await controller.signMessage({ message: challenge.message });
  const machine = expectOk(
    await api("POST", "/machines", {
      owner,
      body: {
        displayName: opts.displayName ?? "Test machine",
        identityRef: challenge.identityRef,
        identityProof: { challengeId: challenge.challengeId, signature },
        machineType: "delivery-robot",
        runtimeProfile: "peaqos-edge-v1",
      },
    }),
    201,
  ).item;
  if (opts.active === false) return { machine, controller };
  const bonded = expectOk(
    await api("POST", `/machines/${machine.id}/bond`, { owner, body: { amount: 10, currency: "PEAQ" } }),
  ).item;
  return { machine: bonded, controller };
}

export type AgentInput = { agentProvider?: string; agentRole?: string; agentDid?: string };

export async function pairChallenge(
  owner: TestOwner,
  machineId: string,
  agent: PrivateKeyAccount,
  extra: AgentInput & { pairingId?: string } = {},
) {
  return api("POST", `/machines/${machineId}/agent-pairings/challenges`, {
    owner,
    body: { agentAddress: agent.address, agentProvider: "anthropic", agentRole: "ops", ...extra },
  });
}

/** Challenge, sign, create: returns the created pairing (with its pairingToken). */
export async function pairAgent(
  owner: TestOwner,
  machineId: string,
  opts: { agent?: PrivateKeyAccount; delegationPolicy?: unknown; description?: string } & AgentInput = {},
) {
  const { agent = newAccount(), delegationPolicy, description, ...who } = opts;
  const challenge = expectOk(await pairChallenge(owner, machineId, agent, who), 201).item;
  const signature = await agent.signMessage({ message: challenge.message });
  const pairing = expectOk(
    await api("POST", `/machines/${machineId}/agent-pairings`, {
      owner,
      body: {
        agentAddress: agent.address,
        agentProvider: challenge.agentProvider,
        agentRole: challenge.agentRole,
        ...(who.agentDid ? { agentDid: who.agentDid } : {}),
        ...(delegationPolicy ? { delegationPolicy } : {}),
        ...(description ? { description } : {}),
        agentProof: { challengeId: challenge.challengeId, signature },
      },
    }),
    201,
  ).item;
  return { pairing, agent, token: pairing.pairingToken as string };
}

/** Rotation as an agent does it: a rotate challenge (requested with its current token), signed, exchanged. */
export async function rotate(
  machineId: string,
  pairing: { id: string; agentProvider: string; agentRole: string },
  agent: PrivateKeyAccount,
  token: string,
) {
  const challenge = expectOk(
    await api("POST", `/machines/${machineId}/agent-pairings/challenges`, {
      token,
      body: {
        agentAddress: agent.address,
        agentProvider: pairing.agentProvider,
        agentRole: pairing.agentRole,
        pairingId: pairing.id,
      },
    }),
    201,
  ).item;
  const signature = await agent.signMessage({ message: challenge.message });
  const rotated = expectOk(
    await api("POST", `/machines/${machineId}/agent-pairings/${pairing.id}/sessions`, {
      body: { agentProof: { challengeId: challenge.challengeId, signature } },
    }),
  ).item;
  return { pairing: rotated, token: rotated.pairingToken as string };
}

export async function events(owner: TestOwner, machineId: string) {
  return expectOk(await api("GET", `/machines/${machineId}/events?limit=500`, { owner })).items as {
    type: string;
    rule?: string;
    decision?: string;
    pairingId?: string;
    details: Record<string, unknown>;
  }[];
}

export type Service = {
  id: string;
  name: string;
  skillKey: string;
  operations: string[];
  pricing: { amount: number | null; currency: string | null; mode: string };
  executionMode: string;
};

let catalogue: Service[] | undefined;
export async function services(): Promise<Service[]> {
  catalogue ??= expectOk(await api("GET", "/market/services?limit=500", { owner: ownerA })).items as Service[];
  return catalogue;
}
export async function service(name: string): Promise<Service> {
  const s = (await services()).find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name}`);
  return s;
}

/** An active machine of ownerA with one paired agent under `policy`. */
export async function market(policy?: unknown) {
  const { machine } = await newMachine(ownerA);
  const { pairing, agent, token } = await pairAgent(ownerA, machine.id, policy ? { delegationPolicy: policy } : {});
  const order = (svc: Service, extra: Record<string, unknown> = {}, o: { token?: string; baseUrl?: string; at?: Date } = {}) =>
    api("POST", "/market/orders", {
      token: o.token ?? token,
      baseUrl: o.baseUrl,
      at: o.at,
      body: { machineId: machine.id, agentPairingId: pairing.id, serviceId: svc.id, ...extra },
    });
  return { machine, pairing, agent, token, order };
}
