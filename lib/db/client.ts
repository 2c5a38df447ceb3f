import { PrismaClient } from "@/lib/generated/prisma/client";
import { createAdapter } from "./adapter-factory";
import { resolveDatabaseTarget } from "./database-url";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

type Holder = { promise?: Promise<PrismaClient> };
// One client per process, kept on globalThis so dev-mode module reloads do not open PGlite twice.
const holder = ((globalThis as { __macDb?: Holder }).__macDb ??= {});

export function getDb(): Promise<PrismaClient> {
  holder.promise ??= (async () => {
    const adapter = await createAdapter(resolveDatabaseTarget());
    return new PrismaClient({ adapter: adapter.factory });
  })().catch((err) => {
    holder.promise = undefined;
    throw err;
  });
  return holder.promise;
}

/** Interactive transaction with limits suited to both PGlite (one connection) and PostgreSQL. */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.$transaction(fn, { maxWait: 10_000, timeout: 15_000 });
}
