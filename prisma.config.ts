import { defineConfig } from "prisma/config";

// Migrations are applied by scripts/db-migrate.ts through the WebAssembly schema engine, so the CLI
// only needs the schema path here. `prisma migrate deploy` on a machine with the native engine uses
// the same prisma/migrations history; it reads DATABASE_URL when it is a postgres:// URL.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgresql://localhost:5432/unused",
  },
});
