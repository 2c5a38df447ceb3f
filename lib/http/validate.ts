import { z } from "zod";
import { ApiError } from "@/lib/errors";
import { assertCleanJson } from "./clean-json";
import { readJson } from "./read-json";

export function validationError(error: z.ZodError, where = "body"): ApiError {
  const issues = error.issues.flatMap((i): { path: string; message: string; code: string }[] => {
    const path = i.path.map(String);
    // zod reports unknown keys once, at their parent: name each offending key instead.
    if (i.code === "unrecognized_keys") {
      return i.keys.map((key) => ({ path: [...path, key].join("."), message: "unknown field", code: i.code }));
    }
    return [{ path: path.join("."), message: i.message, code: i.code }];
  });
  return new ApiError("VALIDATION_ERROR", `The request ${where} is invalid.`, { issues });
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, where = "body"): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

/** Actions without parameters still refuse a body that says something (strict, spec §1). */
export async function emptyBody(req: Request): Promise<void> {
  parseWith(z.strictObject({}), await readJson(req, { optional: true }));
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const params = new URL(req.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in raw) throw new ApiError("VALIDATION_ERROR", `Query parameter ${k} is repeated.`);
    raw[k] = v;
  }
  assertCleanJson(raw);
  return parseWith(schema, raw, "query");
}
