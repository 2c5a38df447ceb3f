import { Prisma } from "@/lib/generated/prisma/client";

const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "DatabaseAccessDenied",
  "AuthenticationFailed",
  "TooManyConnections",
  "ConnectionClosed",
  "SocketTimeout",
  "TlsConnectionError",
]);
// P1xxx: cannot reach/authenticate; P2024: pool timeout; P2028: transaction could not start or timed out.
const UNAVAILABLE_CODES = /^(P1\d{3}|P2024|P2028)$/;

/** True when the error says the database cannot serve us right now (→ 503), not that the request is wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientInitializationError) return true;
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (UNAVAILABLE_CODES.test(err.code)) return true;
  const cause = (err.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause;
  return cause?.kind !== undefined && UNAVAILABLE_KINDS.has(cause.kind);
}

// 22021 character not in repertoire, 22P05 untranslatable character, 22P02 invalid text
// representation, 54001 statement too complex: input the database cannot take, a client error.
const INPUT_SQLSTATES = new Set(["22021", "22P05", "22P02", "54001"]);

/** A backstop behind request validation: the database refused a value, so the request was bad. */
export function isRejectedInput(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  // pg reports unmapped errors as { kind: "postgres", code }; others keep the SQLSTATE in originalCode.
  const cause = (err.meta?.driverAdapterError as { cause?: { originalCode?: string; code?: string } } | undefined)?.cause;
  const code = cause?.originalCode ?? cause?.code;
  return code !== undefined && INPUT_SQLSTATES.has(code);
}
