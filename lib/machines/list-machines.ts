import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { eventView } from "@/lib/events/events";
import { before, decodeCursor, limitSchema, newestFirst, page } from "@/lib/http/pagination";
import { MACHINE_STATUSES, machineView } from "./machine-view";
import { ownedMachine } from "./owned-machine";
import { ApiError } from "@/lib/errors";

export const listMachinesQuery = z.strictObject({
  status: z.enum(MACHINE_STATUSES).optional(),
  limit: limitSchema,
  cursor: z.string().max(512).optional(),
});

export async function listMachines(ownerId: string, q: z.output<typeof listMachinesQuery>) {
  const db = await getDb();
  const rows = await db.machine.findMany({
    where: { ownerId, ...(q.status ? { status: q.status } : {}), ...before(decodeCursor(q.cursor)) },
    orderBy: newestFirst,
    take: q.limit + 1,
  });
  const p = page(rows, q.limit);
  return { items: p.rows.map(machineView), nextCursor: p.nextCursor };
}

export async function getMachine(ownerId: string, machineId: string) {
  return machineView(await ownedMachine(await getDb(), ownerId, machineId));
}

export const listEventsQuery = z.strictObject({ limit: limitSchema, cursor: z.string().max(64).optional() });

/** The machine's audit log, newest first; the cursor is the last row's sequence number. */
export async function listMachineEvents(ownerId: string, machineId: string, q: z.output<typeof listEventsQuery>) {
  const db = await getDb();
  await ownedMachine(db, ownerId, machineId);
  let beforeSeq: bigint | undefined;
  if (q.cursor !== undefined) {
    if (!/^\d{1,18}$/.test(q.cursor)) {
      throw new ApiError("VALIDATION_ERROR", "The cursor is not valid.", {
        issues: [{ path: "cursor", message: "invalid cursor" }],
      });
    }
    beforeSeq = BigInt(q.cursor);
  }
  const rows = await db.event.findMany({
    where: { machineId, ...(beforeSeq !== undefined ? { seq: { lt: beforeSeq } } : {}) },
    orderBy: { seq: "desc" },
    take: q.limit + 1,
  });
  const more = rows.length > q.limit;
  const pageRows = more ? rows.slice(0, q.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(eventView), nextCursor: more && last ? last.seq.toString() : null };
}
