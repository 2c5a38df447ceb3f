import path from "node:path";

export type DatabaseTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

/**
 * Unset → embedded PGlite in ./data/pglite; `pglite:<dir>` → PGlite in <dir>;
 * `postgres://` or `postgresql://` → PostgreSQL (spec §8).
 */
export function resolveDatabaseTarget(raw: string | undefined = process.env.DATABASE_URL): DatabaseTarget {
  const value = raw?.trim();
  if (!value) return { kind: "pglite", dataDir: path.join(process.cwd(), "data", "pglite") };
  if (value.startsWith("pglite:")) {
    const dir = value.slice("pglite:".length).replace(/^\/\/(?=\/)/, "");
    if (!dir) throw new Error("DATABASE_URL=pglite:<dir> needs a directory");
    return { kind: "pglite", dataDir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), dir) };
  }
  if (value.startsWith("postgres://") || value.startsWith("postgresql://")) return { kind: "postgres", url: value };
  throw new Error("DATABASE_URL must be unset, pglite:<dir>, postgres:// or postgresql://");
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `PGlite at ${target.dataDir}`;
  const u = new URL(target.url);
  return `PostgreSQL at ${u.hostname}:${u.port || "5432"}${u.pathname}`;
}
