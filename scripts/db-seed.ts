/**
 * Demo data for local development, loaded through the same lib/ functions the API uses, with real
 * EIP-191 signatures. The keys below are the well-known local development accounts (anvil/hardhat
 * mnemonic "test test … junk"): public, DEV-ONLY, never to hold value.
 * Idempotent: does nothing when the demo owner already has machines.
 */
import { privateKeyToAccount } from "viem/accounts";
import { createApiKey, listApiKeys } from "../lib/auth/api-keys";
import { getDb } from "../lib/db/client";
import { recordEvent } from "../lib/events/events";
import { createMachine } from "../lib/machines/create-machine";
import { issueIdentityChallenge } from "../lib/machines/identity-challenge";
import { bondMachine } from "../lib/machines/update-machine";
import { createPairing } from "../lib/pairing/create-pairing";
import { issuePairingChallenge } from "../lib/pairing/issue-challenge";
import { delegationPolicySchema } from "../lib/policy/delegation-policy";
import { scriptContext } from "./script-context";

export const DEMO_OWNER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const DEV_KEYS = {
  activeMachine: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  agentOps: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  agentTrader: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  draftMachine: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  blockedMachine: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
} as const;

async function verifiedMachine(key: `0x${string}`, displayName: string, machineType: string) {
  const ctx = scriptContext();
  const controller = privateKeyToAccount(key);
  const challenge = await issueIdentityChallenge(DEMO_OWNER, { identityRef: `did:peaq:${controller.address}` }, ctx);
  const signature = await controller.signMessage({ message: challenge.message });
  return createMachine(
    DEMO_OWNER,
    {
      displayName,
      identityRef: challenge.identityRef,
      identityProof: { challengeId: challenge.challengeId, signature },
      machineType,
      runtimeProfile: "peaqos-edge-v1",
      capabilities: ["telemetry", "payments"],
      labels: { site: "berlin-lab" },
      skillKeys: ["oracle.price-feed", "storage.object"],
    },
    ctx,
  );
}

async function pairAgent(machineId: string, key: `0x${string}`, agentProvider: string, agentRole: string, policy: unknown) {
  const ctx = scriptContext();
  const agent = privateKeyToAccount(key);
  const base = { agentAddress: agent.address, agentProvider, agentRole };
  const challenge = await issuePairingChallenge(machineId, base, { kind: "owner", actor: `owner:${DEMO_OWNER}` }, ctx);
  const signature = await agent.signMessage({ message: challenge.message });
  return createPairing(
    DEMO_OWNER,
    machineId,
    { ...base, delegationPolicy: delegationPolicySchema.parse(policy), agentProof: { challengeId: challenge.challengeId, signature } },
    ctx,
  );
}

async function main() {
  const db = await getDb();
  if ((await db.machine.count({ where: { ownerId: DEMO_OWNER } })) > 0) {
    console.log("Demo data already present.");
    return;
  }
  const ctx = scriptContext();
  const active = await verifiedMachine(DEV_KEYS.activeMachine, "Delivery robot R-17", "delivery-robot");
  await bondMachine(DEMO_OWNER, active.id, { amount: 100, currency: "PEAQ" }, ctx);
  await verifiedMachine(DEV_KEYS.draftMachine, "Charging station C-3 (draft)", "ev-charger");
  const blocked = await verifiedMachine(DEV_KEYS.blockedMachine, "Weather drone W-2 (blocked)", "drone");
  // No API blocks a machine (that is the network's decision), so the seed sets it directly.
  await db.machine.update({ where: { id: blocked.id }, data: { status: "blocked" } });
  await recordEvent(db, { at: ctx.now, machineId: blocked.id, actor: "system", type: "machine.updated", details: { status: { before: "draft", after: "blocked" } } });

  await pairAgent(active.id, DEV_KEYS.agentOps, "anthropic", "ops", {
    allowedSkillKeys: ["oracle.price-feed", "storage.object"],
    perTransactionLimit: 5,
    dailySpendLimit: 25,
    currency: "USD",
  });
  await pairAgent(active.id, DEV_KEYS.agentTrader, "openai", "machine-market-buyer", {
    deniedSkillKeys: ["device.control"],
    perTransactionLimit: 2.5,
    dailySpendLimit: 10,
    currency: "USDC",
  });
  console.log(`Seeded demo owner ${DEMO_OWNER} (dev-only account): 3 machines, 2 agent pairings.`);
  if ((await listApiKeys(DEMO_OWNER)).length === 0) {
    const { key } = await createApiKey(DEMO_OWNER, "demo");
    console.log(`Demo owner API key (shown once; make more with npm run console -- api-key create --owner ${DEMO_OWNER}):`);
    console.log(`  ${key}`);
  }
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
