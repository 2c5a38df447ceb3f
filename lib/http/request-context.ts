import { getConfig } from "@/lib/config/env";
import { ApiError } from "@/lib/errors";

export type RequestContext = {
  now: Date;
  /** The deployment URL: PEAQOS_PUBLIC_URL, else the request's origin. JWT `iss`. */
  publicUrl: string;
  /** The host named in challenge messages. */
  publicHost: string;
  requestOrigin: string;
};

export function requestContext(req: Request): RequestContext {
  const config = getConfig();
  const url = new URL(req.url);
  const host = req.headers.get("host") ?? url.host;
  let requestOrigin: string;
  try {
    requestOrigin = new URL(`${url.protocol}//${host}`).origin;
  } catch {
    throw new ApiError("VALIDATION_ERROR", "The Host header is not a valid host.");
  }
  const publicUrl = config.publicUrl ?? requestOrigin;
  return { now: clock(req), publicUrl, publicHost: new URL(publicUrl).host, requestOrigin };
}

function clock(req: Request): Date {
  const override = getConfig().testClock ? req.headers.get("x-peaqos-test-now") : null;
  if (!override) return new Date();
  const at = new Date(override);
  if (Number.isNaN(at.getTime())) throw new ApiError("VALIDATION_ERROR", "x-peaqos-test-now must be an ISO-8601 time.");
  return at;
}
