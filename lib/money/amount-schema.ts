import { z } from "zod";
import { AmountError, parseMicros } from "./micros";

/** A wire amount (JSON number or decimal string, ≤ 6 decimals, ≥ 0) → micro-units. */
export const amountSchema = z.union([z.number(), z.string().max(40)]).transform((v, ctx) => {
  try {
    return parseMicros(v);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: `amount ${err instanceof AmountError ? err.message : "is invalid"}` });
    return z.NEVER;
  }
});

export const positiveAmountSchema = amountSchema.refine((v) => v > 0n, "amount must be positive");

export const currencySchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]{1,9}$/, "must be a currency code such as USD or USDC")
  .transform((v) => v.toUpperCase());
