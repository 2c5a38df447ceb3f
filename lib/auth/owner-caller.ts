import { ApiError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { ownerForApiKey } from "./api-keys";

export type OwnerCaller = { kind: "owner"; ownerId: string; via: "api-key" | "session" };

/** Resolves a cookie session to an owner; registered by the dashboard's auth module. */
type SessionResolver = (req: Request) => Promise<string | null>;
let sessionResolver: SessionResolver | null = null;
export function registerSessionResolver(resolver: SessionResolver) {
  sessionResolver = resolver;
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The owner plane (spec §2): `x-api-key`, or a signed-in browser session. Cookie-authenticated
 * writes must come from our own origin.
 */
export async function requireOwner(req: Request, ctx: RequestContext): Promise<OwnerCaller> {
  const key = req.headers.get("x-api-key");
  if (key !== null) {
    const ownerId = await ownerForApiKey(key.trim(), ctx.now);
    if (!ownerId) throw new ApiError("AUTH_INVALID", "The API key is not valid.");
    return { kind: "owner", ownerId, via: "api-key" };
  }
  const ownerId = sessionResolver ? await sessionResolver(req) : null;
  if (!ownerId) throw new ApiError("AUTH_REQUIRED", "Sign in or send an x-api-key header.");
  if (MUTATING.has(req.method)) {
    const origin = req.headers.get("origin");
    if (!origin || (origin !== ctx.requestOrigin && origin !== ctx.publicUrl)) {
      throw new ApiError("FORBIDDEN", "Cross-origin requests with a session cookie are refused.");
    }
  }
  return { kind: "owner", ownerId, via: "session" };
}
