import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DatabaseTarget } from "./database-url";
import { lockDataDir } from "./pglite-lock";

export type AdapterHandle = {
  factory: PrismaPg | PrismaPGlite;
  close: () => Promise<void>;
};

/** Builds the driver adapter the app, the migrator and the seed all share. */
export async function createAdapter(target: DatabaseTarget, opts: { poolSize?: number } = {}): Promise<AdapterHandle> {
  if (target.kind === "pglite") {
    fs.mkdirSync(target.dataDir, { recursive: true });
    const release = lockDataDir(target.dataDir);
    const client = await PGlite.create(target.dataDir);
    return {
      factory: new PrismaPGlite(client),
      close: async () => {
        await client.close();
        release();
      },
    };
  }
  const factory = new PrismaPg({ connectionString: target.url, max: opts.poolSize ?? 20 });
  return { factory, close: async () => {} };
}
