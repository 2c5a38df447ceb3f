import type { Db, Tx } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { isId } from "@/lib/ids";

/** The caller's machine, or 404 whether it is missing or someone else's (existence is not leaked). */
export async function ownedMachine(client: Db | Tx, ownerId: string, machineId: string) {
  if (!isId("mach", machineId)) throw notFound("Machine");
  const machine = await client.machine.findUnique({ where: { id: machineId } });
  if (!machine || machine.ownerId !== ownerId) throw notFound("Machine");
  return machine;
}
