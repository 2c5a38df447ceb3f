import { z } from "zod";
import { getDb, transaction } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { ownerActor, recordEvent } from "@/lib/events/events";
import type { RequestContext } from "@/lib/http/request-context";
import { keyList, labelsSchema, shortText } from "@/lib/http/schemas";
import { currencySchema, positiveAmountSchema } from "@/lib/money/amount-schema";
import { microsToNumber } from "@/lib/money/micros";
import { parseIdentityRef } from "./identity-ref";
import { machineView, type Bond } from "./machine-view";
import { ownedMachine } from "./owned-machine";

export const updateMachineBody = z
  .strictObject({
    displayName: shortText(120).optional(),
    labels: labelsSchema.optional(),
    capabilities: keyList.optional(),
    skillKeys: keyList.optional(),
    status: z.literal("archived").optional(),
    identityRef: z.string().min(1).max(200).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "send at least one field to change");

export async function updateMachine(
  ownerId: string,
  machineId: string,
  body: z.output<typeof updateMachineBody>,
  ctx: RequestContext,
) {
  const db = await getDb();
  const machine = await ownedMachine(db, ownerId, machineId);
  if (body.identityRef !== undefined && parseIdentityRef(body.identityRef)?.identityRef !== machine.identityRef) {
    throw new ApiError("MACHINE_IDENTITY_IMMUTABLE", "A machine's identityRef cannot be changed.");
  }
  const data = {
    ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
    ...(body.labels !== undefined ? { labels: body.labels } : {}),
    ...(body.capabilities !== undefined ? { capabilities: [...new Set(body.capabilities)] } : {}),
    ...(body.skillKeys !== undefined ? { skillKeys: [...new Set(body.skillKeys)] } : {}),
    ...(body.status !== undefined ? { status: body.status } : {}),
  };
  const updated = await transaction(async (tx) => {
    const row = await tx.machine.update({ where: { id: machine.id }, data: { ...data, updatedAt: ctx.now } });
    await recordEvent(tx, {
      at: ctx.now,
      machineId: machine.id,
      actor: ownerActor(ownerId),
      type: "machine.updated",
      details: { fields: Object.keys(data), ...(body.status ? { status: { before: machine.status, after: body.status } } : {}) },
    });
    return row;
  });
  return machineView(updated);
}

const TX_HASH = /^0x[0-9a-fA-F]{64}$/;

export const bondBody = z.strictObject({
  amount: positiveAmountSchema,
  currency: currencySchema,
  txHash: z.string().regex(TX_HASH, "must be a 32-byte 0x-hex transaction hash").nullish(),
});

/** Records the bond; a verified draft machine becomes active (spec §4, ours). */
export async function bondMachine(ownerId: string, machineId: string, body: z.output<typeof bondBody>, ctx: RequestContext) {
  await ownedMachine(await getDb(), ownerId, machineId);
  const bond: Bond = {
    amount: microsToNumber(body.amount),
    currency: body.currency,
    txHash: body.txHash ?? null,
    bondedAt: ctx.now.toISOString(),
  };
  // Decided under the machine's row lock, so a concurrent archive cannot be overwritten by "active".
  const updated = await transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Machine" WHERE "id" = ${machineId} FOR UPDATE`;
    const machine = await tx.machine.findUniqueOrThrow({ where: { id: machineId } });
    if (!machine.identityProof) {
      throw new ApiError("MACHINE_NOT_ACTIVATED", "The machine has no verified identity, so it cannot be bonded and activated.");
    }
    if (machine.status === "blocked" || machine.status === "archived") {
      throw new ApiError("MACHINE_NOT_ACTIVE", `A ${machine.status} machine cannot be bonded.`, { status: machine.status });
    }
    const activate = machine.status === "draft";
    const row = await tx.machine.update({
      where: { id: machine.id },
      data: { bond, ...(activate ? { status: "active" } : {}), updatedAt: ctx.now },
    });
    const actor = ownerActor(ownerId);
    await recordEvent(tx, { at: ctx.now, machineId: machine.id, actor, type: "machine.bonded", details: { bond } });
    if (activate) {
      await recordEvent(tx, { at: ctx.now, machineId: machine.id, actor, type: "machine.activated", details: { from: "draft" } });
    }
    return row;
  });
  return machineView(updated);
}
