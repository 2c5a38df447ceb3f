import { NextResponse } from "next/server";
import { isDatabaseUnavailable, isRejectedInput } from "@/lib/db/error-kinds";
import { ApiError } from "@/lib/errors";
import { requestContext, type RequestContext } from "./request-context";

type Params = Record<string, string | string[] | undefined>;
type RouteCtx = { params: Promise<Params> };

export type HandlerArgs<P> = { req: Request; params: P; ctx: RequestContext };

/**
 * Wraps a route handler: builds the request context, maps ApiError to the spec's envelope and
 * anything else to a generic 500 whose detail stays in the server log.
 */
export function handler<P extends Params = Params>(fn: (args: HandlerArgs<P>) => Promise<Response>) {
  return async (req: Request, route: RouteCtx): Promise<Response> => {
    try {
      const ctx = requestContext(req);
      const params = (await route.params) as P;
      return await fn({ req, params, ctx });
    } catch (err) {
      return errorResponse(err, req);
    }
  };
}

export function errorResponse(err: unknown, req?: Request): Response {
  if (err instanceof ApiError) {
    const headers: Record<string, string> = {};
    if (err.code === "RATE_LIMITED" && typeof err.details?.retryAfterSeconds === "number") {
      headers["retry-after"] = String(err.details.retryAfterSeconds);
    }
    return NextResponse.json(err.toBody(), { status: err.status, headers });
  }
  const where = `${req?.method ?? ""} ${req ? new URL(req.url).pathname : ""}`;
  if (isDatabaseUnavailable(err)) {
    console.error(`[api] ${where}: database unavailable (${err instanceof Error ? err.message.split("\n").pop() : ""})`);
    return NextResponse.json(
      { error: { code: "SERVICE_UNAVAILABLE", message: "The database is unavailable; retry shortly." } },
      { status: 503, headers: { "retry-after": "5" } },
    );
  }
  if (isRejectedInput(err)) {
    console.warn(`[api] ${where}: the database refused a value that passed validation`);
    return NextResponse.json(
      { error: { code: "VALIDATION_ERROR", message: "The request contains a value that cannot be stored." } },
      { status: 400 },
    );
  }
  console.error(`[api] ${where} failed:`, err);
  return NextResponse.json({ error: { code: "INTERNAL_ERROR", message: "An unexpected error occurred." } }, { status: 500 });
}

export const item = <T>(value: T, status = 200, headers?: HeadersInit) => NextResponse.json({ item: value }, { status, headers });

export const items = <T>(values: T[], nextCursor: string | null) =>
  NextResponse.json(nextCursor ? { items: values, nextCursor } : { items: values });
