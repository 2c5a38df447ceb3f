import { z } from "zod";

const ms = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .positive()
    .max(365 * 86_400_000)
    .default(fallback);
const mode = z.enum(["required", "disabled"]).default("required");

const schema = z.object({
  PEAQOS_ENV: z.enum(["production", "development", "test"]).optional(),
  NODE_ENV: z.string().optional(),
  PEAQOS_PUBLIC_URL: z.url().optional(),
  PEAQOS_AGENT_PAIRING_JWT_SECRET: z.string().optional(),
  PEAQOS_AGENT_PAIRING_JWT_SECRET_PREVIOUS: z.string().optional(),
  PEAQOS_AGENT_PAIRING_SESSION_TTL_MS: ms(86_400_000),
  PEAQOS_AGENT_PAIRING_CHALLENGE_TTL_MS: ms(300_000),
  PEAQOS_QUOTE_TTL_MS: ms(120_000),
  PEAQOS_MACHINE_IDENTITY_VERIFICATION: mode,
  PEAQOS_AGENT_PAIRING_VERIFICATION: mode,
  PEAQOS_RPC_URL: z.url().optional(),
  // Test-only: lets a request carry `x-peaqos-test-now` to move the server's clock (refused outside test).
  PEAQOS_TEST_CLOCK: z.enum(["header"]).optional(),
});

export type AppEnvironment = "production" | "development" | "test";

export type Config = {
  environment: AppEnvironment;
  publicUrl: string | null;
  jwtSecret: string | null;
  jwtSecretPrevious: string | null;
  sessionTtlMs: number;
  challengeTtlMs: number;
  quoteTtlMs: number;
  machineIdentityVerification: boolean;
  agentPairingVerification: boolean;
  rpcUrl: string | null;
  testClock: boolean;
};

const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v);

/** Parses and checks the environment; throws with every problem listed when it cannot start. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, blank(v)]));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const e = parsed.data;
  const environment: AppEnvironment = e.PEAQOS_ENV ?? (e.NODE_ENV === "production" ? "production" : "development");
  const problems: string[] = [];
  for (const name of ["PEAQOS_AGENT_PAIRING_JWT_SECRET", "PEAQOS_AGENT_PAIRING_JWT_SECRET_PREVIOUS"] as const) {
    const value = e[name];
    if (value !== undefined && Buffer.byteLength(value, "utf8") < 32) problems.push(`${name} must be at least 32 bytes`);
  }
  if (environment === "production") {
    if (e.PEAQOS_MACHINE_IDENTITY_VERIFICATION === "disabled")
      problems.push("PEAQOS_MACHINE_IDENTITY_VERIFICATION=disabled is refused in production");
    if (e.PEAQOS_AGENT_PAIRING_VERIFICATION === "disabled")
      problems.push("PEAQOS_AGENT_PAIRING_VERIFICATION=disabled is refused in production");
  }
  if (e.PEAQOS_TEST_CLOCK && environment !== "test") problems.push("PEAQOS_TEST_CLOCK is only allowed with PEAQOS_ENV=test");
  if (problems.length) throw new Error(`Invalid configuration: ${problems.join("; ")}`);
  return {
    environment,
    publicUrl: e.PEAQOS_PUBLIC_URL ? e.PEAQOS_PUBLIC_URL.replace(/\/+$/, "") : null,
    jwtSecret: e.PEAQOS_AGENT_PAIRING_JWT_SECRET ?? null,
    jwtSecretPrevious: e.PEAQOS_AGENT_PAIRING_JWT_SECRET_PREVIOUS ?? null,
    sessionTtlMs: e.PEAQOS_AGENT_PAIRING_SESSION_TTL_MS,
    challengeTtlMs: e.PEAQOS_AGENT_PAIRING_CHALLENGE_TTL_MS,
    quoteTtlMs: e.PEAQOS_QUOTE_TTL_MS,
    machineIdentityVerification: e.PEAQOS_MACHINE_IDENTITY_VERIFICATION === "required",
    agentPairingVerification: e.PEAQOS_AGENT_PAIRING_VERIFICATION === "required",
    rpcUrl: e.PEAQOS_RPC_URL ?? null,
    testClock: e.PEAQOS_TEST_CLOCK === "header",
  };
}

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
