/**
 * API integration tests over real HTTP, once per database: builds the app, then for PGlite and for
 * the PostgreSQL at 127.0.0.1:5432 makes a fresh database, migrates it, runs the in-process database
 * tests, starts `next start` on it, and runs the HTTP suite against that server.
 *   npm run test:api                       both databases
 *   npm run test:api -- pglite             one of them
 *   … --unit                               run the unit tests first (npm test does)
 * Ends with one line "tests: N passed, M failed" over everything it ran.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp, freePort, run, startApp } from "./app-server";
import { freshDatabase, type DbKind } from "./test-databases";

const kinds = process.argv.slice(2).filter((a) => a === "pglite" || a === "postgres") as DbKind[];
const selected: DbKind[] = kinds.length ? kinds : ["pglite", "postgres"];

const totals = { passed: 0, failed: 0 };

/** Runs vitest, adding its counts to the totals; throws when a test failed. */
function vitest(args: string[], env: Record<string, string | undefined> = {}) {
  const report = path.join(os.tmpdir(), `mac-vitest-${process.pid}-${Date.now()}.json`);
  try {
    run("npx", ["vitest", "run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], env);
  } finally {
    if (fs.existsSync(report)) {
      const r = JSON.parse(fs.readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number };
      totals.passed += r.numPassedTests;
      totals.failed += r.numFailedTests;
      fs.rmSync(report);
    }
  }
}

async function suite(kind: DbKind): Promise<boolean> {
  const port = await freePort();
  console.log(`\n=== API tests on ${kind} ===`);
  const secret = randomBytes(32).toString("base64url");
  const previousSecret = randomBytes(32).toString("base64url");
  const appEnv = {
    PEAQOS_ENV: "test",
    PEAQOS_TEST_CLOCK: "header",
    PEAQOS_AGENT_PAIRING_JWT_SECRET: secret,
    PEAQOS_AGENT_PAIRING_JWT_SECRET_PREVIOUS: previousSecret,
    PEAQOS_PUBLIC_URL: "",
  };
  const db = await freshDatabase(kind, "dbtest");
  const httpDb = await freshDatabase(kind, "apitest");
  try {
    run("npx", ["tsx", "scripts/db-migrate.ts"], { DATABASE_URL: db.url });
    run("npx", ["tsx", "scripts/db-migrate.ts"], { DATABASE_URL: httpDb.url });
    let ok = true;
    try {
      vitest(["--config", "vitest.db.config.ts"], { ...appEnv, DATABASE_URL: db.url, API_TEST_DB: kind });
    } catch {
      ok = false;
    }
    const owners = run("npx", ["tsx", "scripts/test-fixtures.ts", "3"], { DATABASE_URL: httpDb.url }, { capture: true });
    // PostgreSQL serves several instances: a second one proves limits hold across processes. Like a
    // real deployment behind one address, they share PEAQOS_PUBLIC_URL (token issuer, challenge host);
    // the PGlite run leaves it unset, so the request origin is used.
    const instanceEnv = {
      ...appEnv,
      DATABASE_URL: httpDb.url,
      ...(kind === "postgres" ? { PEAQOS_PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
    };
    const server = await startApp(port, instanceEnv);
    const second = kind === "postgres" ? await startApp(await freePort(), instanceEnv) : null;
    try {
      vitest(["--config", "vitest.api.config.ts"], {
        API_BASE_URL: server.url,
        ...(second ? { API_BASE_URL_2: second.url } : {}),
        API_TEST_OWNERS: owners,
        API_TEST_JWT_SECRET: secret,
        API_TEST_JWT_SECRET_PREVIOUS: previousSecret,
        API_TEST_DB: kind,
      });
    } catch {
      ok = false;
    } finally {
      await server.stop();
      await second?.stop();
      const log = server.log() + (second?.log() ?? "");
      // A 500 on any request in the suite is a bug even when the test did not look at it.
      if (/\[api\].*failed:/.test(log)) {
        console.error(`The server logged unexpected errors on ${kind}:\n${log}`);
        ok = false;
      }
    }
    return ok;
  } finally {
    await db.drop();
    await httpDb.drop();
  }
}

/** With the database gone: /health says so with 503, and the API answers 503, never 500. */
async function databaseDown(): Promise<boolean> {
  const port = await freePort();
  console.log("\n=== database unreachable ===");
  const server = await startApp(
    port,
    {
      PEAQOS_ENV: "test",
      PEAQOS_AGENT_PAIRING_JWT_SECRET: randomBytes(32).toString("base64url"),
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/unreachable",
    },
    { healthy: false },
  );
  try {
    const health = await fetch(`${server.url}/health`);
    const healthBody = await health.json();
    const api = await fetch(`${server.url}/api/v1/machines`, { headers: { "x-api-key": "pk_live_x" } });
    const apiBody = await api.json();
    const ok =
      health.status === 503 && healthBody.db === "down" && api.status === 503 && apiBody.error?.code === "SERVICE_UNAVAILABLE";
    console.log(
      ok
        ? "✓ /health 503 db down; API 503 SERVICE_UNAVAILABLE"
        : `✗ got ${health.status} ${JSON.stringify(healthBody)} / ${api.status} ${JSON.stringify(apiBody)}`,
    );
    return ok;
  } finally {
    await server.stop();
  }
}

async function main() {
  let ok = true;
  if (process.argv.includes("--unit")) {
    try {
      vitest([]);
    } catch {
      ok = false;
    }
  }
  if (!process.env.SKIP_BUILD) buildApp();
  for (const kind of selected) ok = (await suite(kind)) && ok;
  if (!kinds.length) {
    const down = await databaseDown();
    totals.passed += down ? 1 : 0;
    totals.failed += down ? 0 : 1;
    ok = down && ok;
  }
  console.log(ok ? `\nAll suites passed on ${selected.join(" and ")}.` : "\nSome suites FAILED.");
  console.log(`tests: ${totals.passed} passed, ${totals.failed + (ok || totals.failed ? 0 : 1)} failed`);
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
