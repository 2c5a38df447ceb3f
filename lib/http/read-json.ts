import { ApiError } from "@/lib/errors";
import { assertCleanJson } from "./clean-json";

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON body under spec §1's rules: application/json only, at most 64 KiB (counted while
 * streaming, so a lying Content-Length does not help), valid JSON. All failures are VALIDATION_ERROR.
 */
export async function readJson(req: Request, opts: { optional?: boolean } = {}): Promise<unknown> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  const type = req.headers.get("content-type");
  if (!req.body || declared === "0") {
    if (opts.optional) return {};
    throw new ApiError("VALIDATION_ERROR", "A JSON request body is required.");
  }
  if (!type || !/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError("VALIDATION_ERROR", "Content-Type must be application/json.");
  }
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") {
    if (opts.optional) return {};
    throw new ApiError("VALIDATION_ERROR", "A JSON request body is required.");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("VALIDATION_ERROR", "The request body is not valid JSON.");
  }
  assertCleanJson(value);
  return value;
}

function tooLarge() {
  return new ApiError("VALIDATION_ERROR", `The request body is larger than ${MAX_BODY_BYTES} bytes.`, {
    reason: "BODY_TOO_LARGE",
    limit: MAX_BODY_BYTES,
  });
}
