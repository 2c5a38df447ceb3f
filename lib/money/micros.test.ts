import { describe, expect, it } from "vitest";
import { AmountError, formatMicros, microsToNumber, parseMicros } from "./micros";

describe("parseMicros", () => {
  it.each([
    [0, 0n],
    [1, 1_000_000n],
    [0.1, 100_000n],
    [0.000001, 1n],
    [1e-6, 1n],
    [12.345678, 12_345_678n],
    ["12.3456780", 12_345_678n],
    ["007.5", 7_500_000n],
    [2.5e3, 2_500_000_000n],
    [999999999.999999, 999_999_999_999_999n],
    ["999999999.999999", 999_999_999_999_999n],
  ] as const)("%s → %s", (input, micros) => {
    expect(parseMicros(input)).toBe(micros);
  });

  it("sums exactly where floats do not", () => {
    expect(parseMicros(0.1) + parseMicros(0.2)).toBe(parseMicros(0.3));
  });

  it.each([
    1e-7,
    0.0000001,
    "1.0000001",
    -1,
    "-0.5",
    "abc",
    "1.",
    ".5",
    "1e5",
    NaN,
    Infinity,
    1e9,
    "1000000000",
    9999999999.999999,
    "1 000",
  ])("rejects %s", (input) => {
    expect(() => parseMicros(input as number | string)).toThrow(AmountError);
  });
});

describe("formatMicros", () => {
  it("drops trailing zeros", () => {
    expect(formatMicros(1_500_000n)).toBe("1.5");
    expect(formatMicros(2_000_000n)).toBe("2");
    expect(formatMicros(1n)).toBe("0.000001");
    expect(formatMicros(0n)).toBe("0");
    expect(microsToNumber(12_345_678n)).toBe(12.345678);
  });
});
