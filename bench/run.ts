/**
 * npm run bench [-- pglite|postgres]
 * For each database: a fresh database, `next start`, then autocannon at concurrency 16 against
 * the baseline (GET /health/live, no database) and each pairing endpoint; then the same work
 * in-process. Prints req/s, p50/p99, the ratio to the baseline and the HTTP/in-process ratio.
 * Figures, not assertions: this machine is shared and noisy, so compare ratios across runs.
 */
import autocannon from "autocannon";
import { randomBytes } from "node:crypto";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { buildApp, freePort, run, startApp } from "../scripts/app-server";
import { freshDatabase, type DbKind } from "../scripts/test-databases";
import type { Figure } from "./stats";

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const PAIRINGS = Number(process.env.BENCH_PAIRINGS ?? 1500);

type Req = { method: string; path: string; headers?: Record<string, string>; body?: string };

async function http(
  base: string,
  name: string,
  requests: Req[],
  opts: { amount?: number; connections?: number } = {},
): Promise<Figure> {
  let i = 0;
  const connections = opts.connections ?? CONCURRENCY;
  const result = await autocannon({
    url: base,
    connections,
    ...(opts.amount ? { amount: opts.amount } : { duration: DURATION_S }),
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const r = requests[i++ % requests.length]!;
          return {
            ...req,
            method: r.method as autocannon.Request["method"],
            path: r.path,
            headers: { ...r.headers },
            body: r.body,
          };
        },
      },
    ],
  });
  return {
    name: connections === CONCURRENCY ? name : `${name} @${connections}`,
    mode: "http",
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
    count: result.requests.total,
  };
}

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json.item;
}

async function suite(kind: DbKind): Promise<Figure[]> {
  const port = await freePort();
  const env = {
    PEAQOS_ENV: "test",
    PEAQOS_AGENT_PAIRING_JWT_SECRET: randomBytes(32).toString("base64url"),
    PEAQOS_PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
  const db = await freshDatabase(kind, "bench");
  try {
    run("npx", ["tsx", "scripts/db-migrate.ts"], { DATABASE_URL: db.url });
    const [owner] = JSON.parse(
      run("npx", ["tsx", "scripts/test-fixtures.ts", "1"], { DATABASE_URL: db.url }, { capture: true }),
    ) as { apiKey: string }[];
    const key = { "x-api-key": owner!.apiKey };
    const server = await startApp(port, { ...env, DATABASE_URL: db.url });
    const figures: Figure[] = [];
    try {
      const base = server.url;
      const controller = privateKeyToAccount(generatePrivateKey());
      const ic = await call(base, "POST", "/machines/identity-challenges", key, {
        identityRef: `did:peaq:${controller.address}`,
      });
      const m = await call(base, "POST", "/machines", key, {
        displayName: "bench",
        identityRef: ic.identityRef,
        identityProof: { challengeId: ic.challengeId, signature: await controller.signMessage({ message: ic.message }) },
        machineType: "robot",
        runtimeProfile: "x",
      });
      await call(base, "POST", `/machines/${m.id}/bond`, key, { amount: 1, currency: "PEAQ" });
      const pairingsPath = `/api/v1/machines/${m.id}/agent-pairings`;
      const json = { ...key, "content-type": "application/json" };

      // Warm up the server's code paths before measuring.
      await http(base, "warm-up", [{ method: "GET", path: "/health/live" }], { amount: 500 });
      figures.push(await http(base, "baseline GET /health/live", [{ method: "GET", path: "/health/live" }]));
      const challengeBody = JSON.stringify({
        agentAddress: privateKeyToAccount(generatePrivateKey()).address,
        agentProvider: "anthropic",
        agentRole: "ops",
      });
      figures.push(
        await http(base, "challenge issuance", [
          { method: "POST", path: `${pairingsPath}/challenges`, headers: json, body: challengeBody },
        ]),
      );

      const creates: Req[] = [];
      for (let i = 0; i < PAIRINGS; i++) {
        const agent = privateKeyToAccount(generatePrivateKey());
        const who = { agentAddress: agent.address, agentProvider: "anthropic", agentRole: "ops" };
        const c = await call(base, "POST", `/machines/${m.id}/agent-pairings/challenges`, key, who);
        const signature = await agent.signMessage({ message: c.message });
        creates.push({
          method: "POST",
          path: pairingsPath,
          headers: json,
          body: JSON.stringify({ ...who, agentProof: { challengeId: c.challengeId, signature } }),
        });
      }
      figures.push(await http(base, "pairing creation", creates, { amount: PAIRINGS }));

      const agent = privateKeyToAccount(generatePrivateKey());
      const who = { agentAddress: agent.address, agentProvider: "anthropic", agentRole: "ops" };
      const c = await call(base, "POST", `/machines/${m.id}/agent-pairings/challenges`, key, who);
      const p = await call(base, "POST", `/machines/${m.id}/agent-pairings`, key, {
        ...who,
        agentProof: { challengeId: c.challengeId, signature: await agent.signMessage({ message: c.message }) },
      });
      figures.push(
        await http(base, "token verification", [
          { method: "GET", path: `${pairingsPath}/${p.id}`, headers: { "x-agent-pairing-token": p.pairingToken } },
        ]),
      );

      // Market writes: one agent per connection (orders of one pairing serialise on its row lock by
      // design, so that case is measured separately). A daily limit is set so the window sum runs.
      const policy = { dailySpendLimit: 1_000_000, perTransactionLimit: 100, currency: "USDC" };
      const services = (await (await fetch(`${base}/api/v1/market/services?skillKey=storage.object`, { headers: key })).json())
        .items as { id: string; name: string }[];
      const put = services.find((x) => x.name === "Blob put (1 MB)")!;
      const agents: { token: string; pairingId: string }[] = [];
      for (let i = 0; i < 64; i++) {
        const a = privateKeyToAccount(generatePrivateKey());
        const w = { agentAddress: a.address, agentProvider: "anthropic", agentRole: "buyer" };
        const ch = await call(base, "POST", `/machines/${m.id}/agent-pairings/challenges`, key, w);
        const made = await call(base, "POST", `/machines/${m.id}/agent-pairings`, key, {
          ...w,
          delegationPolicy: policy,
          agentProof: { challengeId: ch.challengeId, signature: await a.signMessage({ message: ch.message }) },
        });
        agents.push({ token: made.pairingToken, pairingId: made.id });
      }
      const orderReq = (a: { token: string; pairingId: string }): Req => ({
        method: "POST",
        path: "/api/v1/market/orders",
        headers: { "content-type": "application/json", "x-agent-pairing-token": a.token },
        body: JSON.stringify({ machineId: m.id, agentPairingId: a.pairingId, serviceId: put.id }),
      });
      const searchReq = (a: { token: string }): Req => ({
        method: "POST",
        path: "/api/v1/market/search",
        headers: { "content-type": "application/json", "x-agent-pairing-token": a.token },
        body: JSON.stringify({ machineId: m.id, skillKey: "storage.object" }),
      });
      for (const connections of [CONCURRENCY, 64]) {
        figures.push(await http(base, "order creation", agents.slice(0, connections).map(orderReq), { connections }));
        figures.push(await http(base, "market search", agents.slice(0, connections).map(searchReq), { connections }));
      }
      figures.push(await http(base, "order creation, one pairing", [orderReq(agents[0]!)]));
    } finally {
      await server.stop();
    }
    // PGlite is single-process: the in-process run opens the database after the server has let go.
    const out = run(
      "npx",
      ["tsx", "bench/in-process.ts"],
      { ...env, DATABASE_URL: db.url, BENCH_CONCURRENCY: String(CONCURRENCY) },
      { capture: true },
    );
    figures.push(...(JSON.parse(out.trim().split("\n").pop()!) as Figure[]));
    return figures;
  } finally {
    await db.drop();
  }
}

function table(kind: DbKind, figures: Figure[]) {
  const baseline = figures.find((f) => f.name.startsWith("baseline"))!;
  const rows = figures
    .filter((f) => f.mode === "http")
    .map((f) => {
      const inProcess = figures.find((g) => g.mode === "in-process" && g.name === f.name);
      return {
        endpoint: f.name,
        "req/s": f.rps.toFixed(0),
        "p50 ms": f.p50.toFixed(1),
        "p99 ms": f.p99.toFixed(1),
        "÷ baseline": (f.rps / baseline.rps).toFixed(2),
        "in-process ops/s": inProcess ? inProcess.rps.toFixed(0) : "—",
        "in-process p50/p99 ms": inProcess ? `${inProcess.p50.toFixed(1)}/${inProcess.p99.toFixed(1)}` : "—",
        "HTTP ÷ in-process": inProcess ? (f.rps / inProcess.rps).toFixed(2) : "—",
        errors: f.errors + (inProcess?.errors ?? 0),
      };
    });
  console.log(`\n${kind} — concurrency ${CONCURRENCY}, ${DURATION_S}s per timed run, ${PAIRINGS} pairing creations`);
  console.table(rows);
}

async function main() {
  const kinds = process.argv.slice(2).filter((a): a is DbKind => a === "pglite" || a === "postgres");
  if (!process.env.SKIP_BUILD) buildApp();
  const results: [DbKind, Figure[]][] = [];
  for (const kind of kinds.length ? kinds : (["pglite", "postgres"] as DbKind[])) results.push([kind, await suite(kind)]);
  for (const [kind, figures] of results) table(kind, figures);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
