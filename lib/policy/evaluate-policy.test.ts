import { describe, expect, it } from "vitest";
import { delegationPolicySchema } from "./delegation-policy";
import { exceedsDailyLimit, listAndAmountRule } from "./evaluate-policy";

const policy = (p: unknown) => delegationPolicySchema.parse(p);
const buy = { skillKey: "oracle.price-feed", serviceId: "svc_a", currency: "USD", amount: 1_000_000n };

describe("listAndAmountRule", () => {
  it("allows everything under an empty policy", () => {
    expect(listAndAmountRule(policy({}), buy)).toBeNull();
    expect(listAndAmountRule(policy({}), { ...buy, currency: "EUR" })).toBeNull();
  });

  it("lets deny beat allow, skills before services", () => {
    expect(
      listAndAmountRule(policy({ allowedSkillKeys: ["oracle.price-feed"], deniedSkillKeys: ["oracle.price-feed"] }), buy),
    ).toBe("SKILL_DENIED");
    expect(listAndAmountRule(policy({ allowedServiceIds: ["svc_a"], deniedServiceIds: ["svc_a"] }), buy)).toBe("SERVICE_DENIED");
    expect(listAndAmountRule(policy({ deniedSkillKeys: ["oracle.price-feed"], deniedServiceIds: ["svc_a"] }), buy)).toBe(
      "SKILL_DENIED",
    );
  });

  it("admits only what a non-empty allow list names", () => {
    expect(listAndAmountRule(policy({ allowedSkillKeys: ["storage.object"] }), buy)).toBe("SKILL_NOT_ALLOWED");
    expect(listAndAmountRule(policy({ allowedServiceIds: ["svc_b"] }), buy)).toBe("SERVICE_NOT_ALLOWED");
    expect(listAndAmountRule(policy({ allowedSkillKeys: ["oracle.price-feed"], allowedServiceIds: ["svc_a"] }), buy)).toBeNull();
  });

  it("checks the currency, then the per-transaction cap, exactly at the micro-unit", () => {
    expect(listAndAmountRule(policy({ currency: "USDC" }), buy)).toBe("CURRENCY_MISMATCH");
    const capped = policy({ perTransactionLimit: 1, currency: "USD" });
    expect(listAndAmountRule(capped, buy)).toBeNull();
    expect(listAndAmountRule(capped, { ...buy, amount: 1_000_001n })).toBe("PER_TRANSACTION_LIMIT");
    expect(listAndAmountRule(policy({ perTransactionLimit: 1, currency: "USDC" }), { ...buy, amount: 5_000_000n })).toBe(
      "CURRENCY_MISMATCH",
    );
  });
});

describe("exceedsDailyLimit", () => {
  it("admits an order that reaches the cap exactly and refuses one micro-unit more", () => {
    const p = policy({ dailySpendLimit: 10, currency: "USD" });
    expect(exceedsDailyLimit(p, 9_000_000n, 1_000_000n)).toBe(false);
    expect(exceedsDailyLimit(p, 9_000_001n, 1_000_000n)).toBe(true);
    expect(exceedsDailyLimit(policy({}), 10n ** 15n, 10n ** 15n)).toBe(false);
  });
});
