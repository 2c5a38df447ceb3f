/**
 * The same work as the HTTP benchmarks, called on lib/ directly in this process (no HTTP, no Next.js):
 * challenge issuance, pairing creation, token verification. Prints JSON figures on the last line.
 */
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { getDb } from "../lib/db/client";
import { createOrder } from "../lib/market/create-order";
import { searchMarket } from "../lib/market/search";
import { seedCatalogue } from "../lib/market/seed-catalogue";
import { authorizeAgent } from "../lib/pairing/authenticate-agent";
import { createPairing } from "../lib/pairing/create-pairing";
import { issuePairingChallenge } from "../lib/pairing/issue-challenge";
import { viewWithUsage } from "../lib/pairing/read-pairings";
import { verifySessionToken } from "../lib/pairing/session-token";
import { signingKeys } from "../lib/pairing/signing-keys";
import { pairAgentInProcess, registerMachine } from "../scripts/in-process-flows";
import { scriptContext } from "../scripts/script-context";
import { runPool, type Figure } from "./stats";

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const n = Number(process.env.BENCH_COUNT ?? 1000);

async function main() {
  const owner = privateKeyToAccount(generatePrivateKey()).address;
  const machine = await registerMachine(owner, privateKeyToAccount(generatePrivateKey()));
  const caller = { kind: "owner" as const, actor: `owner:${owner}` };
  const agentBody = {
    agentAddress: privateKeyToAccount(generatePrivateKey()).address,
    agentProvider: "anthropic",
    agentRole: "ops",
  };
  const figures: Figure[] = [];

  figures.push(
    await runPool("challenge issuance", n, concurrency, () =>
      issuePairingChallenge(machine.id, agentBody, caller, scriptContext()),
    ),
  );

  // Proofs are prepared up front so only pairing creation is timed.
  const proofs: Parameters<typeof createPairing>[2][] = [];
  for (let i = 0; i < n; i++) {
    const agent = privateKeyToAccount(generatePrivateKey());
    const who = { agentAddress: agent.address, agentProvider: "anthropic", agentRole: "ops" };
    const c = await issuePairingChallenge(machine.id, who, caller, scriptContext());
    proofs.push({
      ...who,
      agentProof: { challengeId: c.challengeId, signature: await agent.signMessage({ message: c.message }) },
    });
  }
  figures.push(
    await runPool("pairing creation", n, concurrency, (i) => createPairing(owner, machine.id, proofs[i]!, scriptContext())),
  );

  const paired = await pairAgentInProcess(owner, machine.id, privateKeyToAccount(generatePrivateKey()));
  const target = { machineId: machine.id, pairingId: paired.id };
  figures.push(
    await runPool("token verification", n * 2, concurrency, async () => {
      const ctx = scriptContext();
      const claims = await verifySessionToken(paired.pairingToken, signingKeys(), { issuer: ctx.publicUrl, now: ctx.now });
      const { pairing } = await authorizeAgent(claims, target, "read");
      return viewWithUsage(pairing, ctx.now);
    }),
  );
  // Market writes, one agent per worker, as in the HTTP run.
  await seedCatalogue();
  const db = await getDb();
  const put = (await db.marketService.findFirstOrThrow({ where: { name: "Blob put (1 MB)" } })).id;
  const workers: { pairingId: string; claims: Awaited<ReturnType<typeof verifySessionToken>> }[] = [];
  for (let i = 0; i < 64; i++) {
    const p = await pairAgentInProcess(owner, machine.id, privateKeyToAccount(generatePrivateKey()), {
      policy: { dailySpendLimit: 1_000_000, perTransactionLimit: 100, currency: "USDC" },
    });
    const ctx = scriptContext();
    workers.push({
      pairingId: p.id,
      claims: await verifySessionToken(p.pairingToken, signingKeys(), { issuer: ctx.publicUrl, now: ctx.now }),
    });
  }
  const order = (w: { pairingId: string; claims: Awaited<ReturnType<typeof verifySessionToken>> }) =>
    createOrder(w.claims, { machineId: machine.id, agentPairingId: w.pairingId, serviceId: put, input: {} }, scriptContext());
  const search = (w: { claims: Awaited<ReturnType<typeof verifySessionToken>> }) =>
    searchMarket(w.claims, { machineId: machine.id, skillKey: "storage.object", maxResults: 10 }, scriptContext());
  for (const c of [concurrency, 64]) {
    const suffix = c === concurrency ? "" : ` @${c}`;
    figures.push(await runPool(`order creation${suffix}`, n, c, (i) => order(workers[i % c]!)));
    figures.push(await runPool(`market search${suffix}`, n, c, (i) => search(workers[i % c]!)));
  }
  figures.push(await runPool("order creation, one pairing", n / 2, concurrency, () => order(workers[0]!)));
  await db.$disconnect();
  console.log(JSON.stringify(figures));
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
