// `prisma generate` needs no schema engine, but the CLI first looks for the native one and tries to
// download it, which fails offline. Pointing it at any executable (node itself) skips that.
import { spawnSync } from "node:child_process";

const r = spawnSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
process.exit(r.status ?? 1);
