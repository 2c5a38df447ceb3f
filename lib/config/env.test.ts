import { describe, expect, it } from "vitest";
import { parseConfig } from "./env";

const secret = "x".repeat(32);

describe("parseConfig", () => {
  it("uses the spec's defaults", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      environment: "development",
      sessionTtlMs: 86_400_000,
      challengeTtlMs: 300_000,
      quoteTtlMs: 120_000,
      machineIdentityVerification: true,
      agentPairingVerification: true,
      jwtSecret: null,
      testClock: false,
    });
  });

  it("refuses a short signing secret", () => {
    expect(() => parseConfig({ PEAQOS_AGENT_PAIRING_JWT_SECRET: "short" })).toThrow(/at least 32 bytes/);
    expect(() => parseConfig({ PEAQOS_AGENT_PAIRING_JWT_SECRET_PREVIOUS: "x".repeat(31) })).toThrow(/PREVIOUS/);
    expect(parseConfig({ PEAQOS_AGENT_PAIRING_JWT_SECRET: secret }).jwtSecret).toBe(secret);
  });

  it("refuses disabled verification in production", () => {
    expect(() => parseConfig({ NODE_ENV: "production", PEAQOS_AGENT_PAIRING_VERIFICATION: "disabled" })).toThrow(
      /refused in production/,
    );
    expect(() => parseConfig({ PEAQOS_ENV: "production", PEAQOS_MACHINE_IDENTITY_VERIFICATION: "disabled" })).toThrow(
      /refused in production/,
    );
    expect(
      parseConfig({ PEAQOS_ENV: "development", PEAQOS_AGENT_PAIRING_VERIFICATION: "disabled" }).agentPairingVerification,
    ).toBe(false);
  });

  it("allows the test clock only in test", () => {
    expect(() => parseConfig({ PEAQOS_TEST_CLOCK: "header" })).toThrow(/PEAQOS_ENV=test/);
    expect(parseConfig({ PEAQOS_ENV: "test", PEAQOS_TEST_CLOCK: "header" }).testClock).toBe(true);
  });

  it("rejects malformed values", () => {
    expect(() => parseConfig({ PEAQOS_QUOTE_TTL_MS: "-5" })).toThrow(/PEAQOS_QUOTE_TTL_MS/);
    expect(() => parseConfig({ PEAQOS_PUBLIC_URL: "not a url" })).toThrow(/PEAQOS_PUBLIC_URL/);
  });
});
