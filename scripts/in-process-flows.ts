/**
 * The owner's and agent's flows called straight on lib/, with real EIP-191 signatures: used by the
 * seed, the database tests and the in-process benchmarks, so all three exercise the API's own code.
 */
import type { PrivateKeyAccount } from "viem/accounts";
import { createMachine } from "../lib/machines/create-machine";
import { issueIdentityChallenge } from "../lib/machines/identity-challenge";
import { bondMachine } from "../lib/machines/update-machine";
import { createPairing } from "../lib/pairing/create-pairing";
import { issuePairingChallenge } from "../lib/pairing/issue-challenge";
import { delegationPolicySchema } from "../lib/policy/delegation-policy";
import { scriptContext } from "./script-context";

export type MachineSpec = {
  displayName?: string;
  machineType?: string;
  capabilities?: string[];
  labels?: Record<string, string>;
  skillKeys?: string[];
};

export async function registerMachine(
  ownerId: string,
  controller: PrivateKeyAccount,
  spec: MachineSpec = {},
  opts: { bond?: boolean } = {},
) {
  const ctx = scriptContext();
  const challenge = await issueIdentityChallenge(ownerId, { identityRef: `did:peaq:${controller.address}` }, ctx);
  const signature = await controller.signMessage({ message: challenge.message });
  const machine = await createMachine(
    ownerId,
    {
      displayName: spec.displayName ?? "Machine",
      identityRef: challenge.identityRef,
      identityProof: { challengeId: challenge.challengeId, signature },
      machineType: spec.machineType ?? "delivery-robot",
      runtimeProfile: "peaqos-edge-v1",
      capabilities: spec.capabilities ?? [],
      labels: spec.labels ?? {},
      skillKeys: spec.skillKeys ?? [],
    },
    ctx,
  );
  if (opts.bond === false) return machine;
  return bondMachine(ownerId, machine.id, { amount: 100_000_000n, currency: "PEAQ" }, ctx);
}

export async function pairAgentInProcess(
  ownerId: string,
  machineId: string,
  agent: PrivateKeyAccount,
  opts: { agentProvider?: string; agentRole?: string; policy?: unknown } = {},
) {
  const ctx = scriptContext();
  const who = {
    agentAddress: agent.address,
    agentProvider: opts.agentProvider ?? "anthropic",
    agentRole: opts.agentRole ?? "ops",
  };
  const challenge = await issuePairingChallenge(machineId, who, { kind: "owner", actor: `owner:${ownerId}` }, ctx);
  const signature = await agent.signMessage({ message: challenge.message });
  return createPairing(
    ownerId,
    machineId,
    {
      ...who,
      delegationPolicy: opts.policy === undefined ? undefined : delegationPolicySchema.parse(opts.policy),
      agentProof: { challengeId: challenge.challengeId, signature },
    },
    ctx,
  );
}
