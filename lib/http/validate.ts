import { z } from "zod";
import { ApiError } from "@/lib/errors";

export function validationError(error: z.ZodError, where = "body"): ApiError {
  return new ApiError("VALIDATION_ERROR", `The request ${where} is invalid.`, {
    issues: error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message, code: i.code })),
  });
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, where = "body"): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const params = new URL(req.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in raw) throw new ApiError("VALIDATION_ERROR", `Query parameter ${k} is repeated.`);
    raw[k] = v;
  }
  return parseWith(schema, raw, "query");
}
