import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { limitSchema } from "@/lib/http/pagination";
import { ApiError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { serviceView, skillView } from "./market-views";

export async function listSkills() {
  const db = await getDb();
  return (await db.skill.findMany({ orderBy: { key: "asc" } })).map(skillView);
}

export const listServicesQuery = z.strictObject({
  skillKey: z.string().min(1).max(128).optional(),
  limit: limitSchema,
  cursor: z.string().max(64).optional(),
});

/** Ordered by id; the cursor is the last id of the page. */
export async function listServices(q: z.output<typeof listServicesQuery>) {
  if (q.cursor !== undefined && !isId("svc", q.cursor)) {
    throw new ApiError("VALIDATION_ERROR", "The cursor is not valid.", {
      issues: [{ path: "cursor", message: "invalid cursor" }],
    });
  }
  const db = await getDb();
  const rows = await db.marketService.findMany({
    where: { ...(q.skillKey ? { skillKey: q.skillKey } : {}), ...(q.cursor ? { id: { gt: q.cursor } } : {}) },
    orderBy: { id: "asc" },
    take: q.limit + 1,
  });
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return { items: page.map(serviceView), nextCursor: more ? page[page.length - 1]!.id : null };
}

export async function getService(serviceId: string) {
  const db = await getDb();
  const row = isId("svc", serviceId) ? await db.marketService.findUnique({ where: { id: serviceId } }) : null;
  if (!row) throw notFound("Service");
  return serviceView(row);
}
