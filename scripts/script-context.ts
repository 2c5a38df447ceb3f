import { getConfig } from "../lib/config/env";
import type { RequestContext } from "../lib/http/request-context";

/** A request context for scripts that call lib/ directly (seed, database tests, benchmarks). */
export function scriptContext(now = new Date()): RequestContext {
  const publicUrl = getConfig().publicUrl ?? "http://localhost:3000";
  return { now, publicUrl, publicHost: new URL(publicUrl).host, requestOrigin: publicUrl };
}
