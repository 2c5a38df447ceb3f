import { z } from "zod";
import { getDb, transaction } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/errors";
import { agentActor, ownerActor, recordEvent, type EventType } from "@/lib/events/events";
import type { RequestContext } from "@/lib/http/request-context";
import { isId } from "@/lib/ids";
import type { MarketCaller } from "./market-caller";
import { CLOSED_STATUSES, orderView, type OrderStatus } from "./market-views";
import { findService } from "./service-cache";

/** The order if the caller may see it: the owner of its machine, or its own pairing's agent; else 404. */
export async function visibleOrder(caller: MarketCaller, orderId: string) {
  const db = await getDb();
  const order = isId("ord", orderId)
    ? await db.marketOrder.findUnique({ where: { id: orderId }, include: { machine: { select: { ownerId: true } } } })
    : null;
  const visible =
    order !== null &&
    (caller.kind === "owner" ? order.machine.ownerId === caller.ownerId : order.agentPairingId === caller.pairing.id);
  if (!visible) throw notFound("Order");
  return order;
}

type Step = { from: OrderStatus[]; to: OrderStatus };

/**
 * Moves an order through one or more compare-and-set steps in one transaction. A step whose
 * precondition fails reports ORDER_CLOSED for a closed order, INVALID_ORDER_STATE otherwise.
 */
async function transition(
  caller: MarketCaller,
  orderId: string,
  stepsFor: Step[] | ((order: { serviceId: string }) => Promise<Step[]>),
  event: { type: EventType; details?: Record<string, unknown> },
  ctx: RequestContext,
  extra: { disputeReason?: string } = {},
) {
  const order = await visibleOrder(caller, orderId);
  const steps = Array.isArray(stepsFor) ? stepsFor : await stepsFor(order);
  const db = await getDb();
  const final = steps[steps.length - 1]!.to;
  const result = await transaction(async (tx) => {
    for (const step of steps) {
      const closing = CLOSED_STATUSES.includes(step.to);
      const count = await tx.$executeRaw`
        UPDATE "MarketOrder"
        SET "status" = ${step.to}, "updatedAt" = ${ctx.now},
            "closedAt" = CASE WHEN ${closing} THEN ${ctx.now}::timestamp ELSE "closedAt" END,
            "disputeReason" = COALESCE(${extra.disputeReason ?? null}, "disputeReason")
        WHERE "id" = ${order.id} AND "status" = ANY(${step.from}::text[])`;
      if (count !== 1) return { row: null };
    }
    await recordEvent(tx, {
      at: ctx.now,
      machineId: order.machineId,
      pairingId: order.agentPairingId,
      orderId: order.id,
      actor: caller.kind === "owner" ? ownerActor(caller.ownerId) : agentActor(caller.pairing.agentAddress),
      type: event.type,
      details: { from: order.status, to: final, ...event.details },
    });
    return { row: await tx.marketOrder.findUniqueOrThrow({ where: { id: order.id } }) };
  });
  if (result.row) return orderView(result.row);
  const current = await db.marketOrder.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
  if (CLOSED_STATUSES.includes(current.status as OrderStatus)) {
    throw new ApiError("ORDER_CLOSED", `The order is ${current.status}.`, { status: current.status });
  }
  throw new ApiError("INVALID_ORDER_STATE", `The order is ${current.status}; this needs ${steps[0]!.from.join(" or ")}.`, {
    status: current.status,
    expected: steps[0]!.from,
  });
}

const OPEN: OrderStatus[] = ["created", "payment_pending", "ready", "executing", "delivered", "disputed", "handoff"];
const UNDELIVERED: OrderStatus[] = ["created", "payment_pending", "ready", "executing"];

/**
 * A cancelled order stops counting against the daily limit. An agent may cancel only what was not
 * delivered yet — otherwise buy, execute, cancel would refill its own budget; the owner may close any
 * open order (that is the owner's call on their own budget, and how they clear the way to a revoke).
 */
export const cancelOrder = (caller: MarketCaller, orderId: string, ctx: RequestContext) =>
  transition(
    caller,
    orderId,
    [{ from: caller.kind === "owner" ? OPEN : UNDELIVERED, to: "cancelled" }],
    { type: "order.cancelled" },
    ctx,
  );

/** The demo catalogue delivers synchronously; an external-handoff service hands off instead. */
export function executeOrder(caller: MarketCaller, orderId: string, ctx: RequestContext) {
  const steps = async (order: { serviceId: string }): Promise<Step[]> => {
    const service = await findService(order.serviceId);
    const done: OrderStatus = service?.executionMode === "external-handoff" ? "handoff" : "delivered";
    return [
      { from: ["created", "ready"], to: "executing" },
      { from: ["executing"], to: done },
    ];
  };
  return transition(caller, orderId, steps, { type: "order.executed" }, ctx);
}

export const confirmReceived = (caller: MarketCaller, orderId: string, ctx: RequestContext) =>
  transition(caller, orderId, [{ from: ["delivered", "handoff"], to: "confirmed" }], { type: "order.confirmed" }, ctx);

export const disputeBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const disputeOrder = (caller: MarketCaller, orderId: string, body: z.output<typeof disputeBody>, ctx: RequestContext) =>
  transition(
    caller,
    orderId,
    [{ from: ["delivered", "handoff"], to: "disputed" }],
    { type: "order.disputed", details: { reason: body.reason } },
    ctx,
    {
      disputeReason: body.reason,
    },
  );
