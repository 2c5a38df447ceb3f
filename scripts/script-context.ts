import type { RequestContext } from "../lib/http/request-context";

/** A request context for scripts that call lib/ directly (seed, benchmarks). */
export function scriptContext(now = new Date()): RequestContext {
  const publicUrl = (process.env.PEAQOS_PUBLIC_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  return { now, publicUrl, publicHost: new URL(publicUrl).host, requestOrigin: publicUrl };
}
