/**
 * Demo data for local development, loaded through the same lib/ functions the API uses, with real
 * EIP-191 signatures. The keys below are the well-known local development accounts (anvil/hardhat
 * mnemonic "test test … junk"): public, DEV-ONLY, never to hold value.
 * Idempotent: the catalogue is upserted; the demo owner's data is made only once.
 */
import { privateKeyToAccount } from "viem/accounts";
import { createApiKey, listApiKeys } from "../lib/auth/api-keys";
import { getDb } from "../lib/db/client";
import { recordEvent } from "../lib/events/events";
import { seedCatalogue } from "../lib/market/seed-catalogue";
import { pairAgentInProcess, registerMachine } from "./in-process-flows";
import { scriptContext } from "./script-context";

export const DEMO_OWNER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const DEV_KEYS = {
  activeMachine: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  agentOps: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  agentTrader: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  draftMachine: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  blockedMachine: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
} as const;

async function main() {
  const db = await getDb();
  const catalogue = await seedCatalogue();
  console.log(`Market catalogue: ${catalogue.skills} skills, ${catalogue.services} services.`);
  if ((await db.machine.count({ where: { ownerId: DEMO_OWNER } })) > 0) {
    console.log("Demo data already present.");
    return;
  }
  const ctx = scriptContext();
  const spec = {
    capabilities: ["telemetry", "payments"],
    labels: { site: "berlin-lab" },
    skillKeys: ["oracle.price-feed", "storage.object"],
  };
  const dev = (key: `0x${string}`) => privateKeyToAccount(key);
  const active = await registerMachine(DEMO_OWNER, dev(DEV_KEYS.activeMachine), {
    ...spec,
    displayName: "Delivery robot R-17",
    machineType: "delivery-robot",
  });
  await registerMachine(
    DEMO_OWNER,
    dev(DEV_KEYS.draftMachine),
    { ...spec, displayName: "Charging station C-3 (draft)", machineType: "ev-charger" },
    { bond: false },
  );
  const blocked = await registerMachine(
    DEMO_OWNER,
    dev(DEV_KEYS.blockedMachine),
    { ...spec, displayName: "Weather drone W-2 (blocked)", machineType: "drone" },
    { bond: false },
  );
  // No API blocks a machine (that is the network's decision), so the seed sets it directly.
  await db.machine.update({ where: { id: blocked.id }, data: { status: "blocked" } });
  await recordEvent(db, {
    at: ctx.now,
    machineId: blocked.id,
    actor: "system",
    type: "machine.updated",
    details: { status: { before: "draft", after: "blocked" } },
  });

  await pairAgentInProcess(DEMO_OWNER, active.id, dev(DEV_KEYS.agentOps), {
    agentProvider: "anthropic",
    agentRole: "ops",
    policy: {
      allowedSkillKeys: ["oracle.price-feed", "storage.object"],
      perTransactionLimit: 5,
      dailySpendLimit: 25,
      currency: "USD",
    },
  });
  await pairAgentInProcess(DEMO_OWNER, active.id, dev(DEV_KEYS.agentTrader), {
    agentProvider: "openai",
    agentRole: "machine-market-buyer",
    policy: {
      deniedSkillKeys: ["device.control"],
      perTransactionLimit: 2.5,
      dailySpendLimit: 10,
      currency: "USDC",
    },
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
    console.error(err instanceof Error ? `error: ${err.message}` : err);
    process.exit(1);
  });
