import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type DbKind = "pglite" | "postgres";

export type TestDatabase = { kind: DbKind; url: string; drop: () => Promise<void> };

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A fresh, empty database per run: a temp PGlite directory, or a new PostgreSQL database. */
export async function freshDatabase(kind: DbKind, label = "test"): Promise<TestDatabase> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mac-${label}-`));
    return { kind, url: `pglite:${dir}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `mac_${label}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
