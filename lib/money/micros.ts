/**
 * Money as integer micro-units (6 decimals) in a bigint. Wire amounts arrive as JSON numbers or
 * decimal strings; they are converted through their decimal text, never through float arithmetic.
 */
export const MICROS_PER_UNIT = 1_000_000n;
/**
 * Largest accepted amount: 999,999,999.999999. Every valid amount then has at most 15 significant
 * digits, so a JSON number reads back exactly, and every micro-unit count is a safe integer.
 */
export const MAX_MICROS = 10n ** 15n - 1n;

export class AmountError extends Error {}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Expands exponent notation (JSON numbers such as 1e-7 or 2.5e3) into plain decimal text. */
function toPlainDecimal(text: string): string {
  const m = /^(\d+)(?:\.(\d*))?e([+-]?\d+)$/i.exec(text);
  if (!m) return text;
  const digits = (m[1] ?? "") + (m[2] ?? "");
  const point = (m[1] ?? "").length + Number(m[3]);
  if (point <= 0) return `0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + "0".repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

export function parseMicros(value: number | string): bigint {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new AmountError("must be a finite number");
    // String(n) is the shortest text that reads back as n: for a JSON number written with at most
    // 15 significant digits it is exactly what the client sent.
    text = toPlainDecimal(String(value));
  } else {
    text = value.trim();
  }
  if (text.startsWith("-")) throw new AmountError("must not be negative");
  const m = DECIMAL.exec(text);
  if (!m) throw new AmountError("must be a decimal amount");
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length > 6) throw new AmountError("has more than 6 decimals");
  const micros = BigInt(m[1]!) * MICROS_PER_UNIT + BigInt(frac.padEnd(6, "0") || "0");
  if (micros > MAX_MICROS) throw new AmountError("is too large");
  return micros;
}

/** Decimal text without trailing zeros: 1500000n → "1.5", 2000000n → "2". */
export function formatMicros(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / MICROS_PER_UNIT;
  const frac = (abs % MICROS_PER_UNIT).toString().padStart(6, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/** For the wire, where the spec's amounts are JSON numbers: exact for every value ≤ 2^53 micro-units. */
export function microsToNumber(micros: bigint): number {
  return Number(formatMicros(micros));
}
