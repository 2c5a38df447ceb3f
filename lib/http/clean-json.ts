import { ApiError } from "@/lib/errors";

export const MAX_JSON_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const reject = (path: string, message: string) =>
  new ApiError("VALIDATION_ERROR", "The request body is invalid.", { issues: [{ path, message }] });

function checkString(s: string, path: string) {
  // PostgreSQL text cannot hold NUL, and a lone surrogate is not valid UTF-8: both would fail deep
  // in the database as a 500, so they are refused at the door.
  if (s.includes("\u0000")) throw reject(path, "must not contain NUL characters");
  if (LONE_SURROGATE.test(s)) throw reject(path, "must be valid Unicode");
}

/** Refuses values no column can store or that nest deeper than any real request. */
export function assertCleanJson(value: unknown, path = "", depth = 0): void {
  if (typeof value === "string") return checkString(value, path);
  if (value === null || typeof value !== "object") return;
  if (depth >= MAX_JSON_DEPTH) throw reject(path, `nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertCleanJson(v, path ? `${path}.${i}` : String(i), depth + 1));
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    checkString(k, p);
    assertCleanJson(v, p, depth + 1);
  }
}
