import { describe, expect, it } from "vitest";
import {
  canonicalPolicyJson,
  delegationPolicySchema,
  EMPTY_POLICY,
  policyFromStored,
  policyHash,
  policyToStored,
} from "./delegation-policy";

const parse = (v: unknown) => delegationPolicySchema.parse(v);

describe("delegation policy", () => {
  it("defaults to empty lists and no limits", () => {
    expect(parse({})).toEqual(EMPTY_POLICY);
  });

  it("hashes the canonical form, independent of order, duplicates, case and number spelling", () => {
    const a = parse({ allowedSkillKeys: ["b", "a", "a"], perTransactionLimit: 1.5, currency: "usd" });
    const b = parse({ currency: "USD", perTransactionLimit: "1.500000", allowedSkillKeys: ["a", "b"] });
    expect(policyHash(a)).toBe(policyHash(b));
    expect(canonicalPolicyJson(a)).toBe(
      '{"allowedServiceIds":[],"allowedSkillKeys":["a","b"],"currency":"USD","dailySpendLimit":null,"deniedServiceIds":[],"deniedSkillKeys":[],"perTransactionLimit":"1.5"}',
    );
    expect(policyHash(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(policyHash(a)).not.toBe(policyHash(parse({ ...a, perTransactionLimit: 1.500001, currency: "USD" })));
  });

  it("round-trips through storage", () => {
    const p = parse({ deniedServiceIds: ["svc_x"], dailySpendLimit: 0.000001, currency: "USDC" });
    expect(policyFromStored(policyToStored(p))).toEqual(p);
  });

  it.each([
    [{ perTransactionLimit: 5 }, "currency"],
    [{ dailySpendLimit: 1.0000001, currency: "USD" }, "dailySpendLimit"],
    [{ perTransactionLimit: -1, currency: "USD" }, "perTransactionLimit"],
    [{ currency: "US D" }, "currency"],
    [{ allowedSkillKeys: "oracle" }, "allowedSkillKeys"],
    [{ allowedSkillKeys: [""] }, "allowedSkillKeys.0"],
    [{ extra: true }, ""],
  ])("rejects %j", (input, path) => {
    const r = delegationPolicySchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });
});
