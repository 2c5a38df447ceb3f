import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/errors";
import { assertCleanJson } from "./clean-json";

const issue = (v: unknown) => {
  try {
    assertCleanJson(v);
    return null;
  } catch (err) {
    return (err as ApiError).details?.issues as { path: string; message: string }[];
  }
};

describe("assertCleanJson", () => {
  it("accepts ordinary JSON, emoji included", () => {
    expect(issue({ a: ["x", 1, null, { b: "😀 ok" }] })).toBeNull();
  });

  it("refuses NUL, lone surrogates and deep nesting, naming the path", () => {
    expect(issue({ a: { b: "x\u0000" } })).toEqual([{ path: "a.b", message: "must not contain NUL characters" }]);
    expect(issue({ ["k\u0000"]: 1 })).toEqual([{ path: "k\u0000", message: "must not contain NUL characters" }]);
    expect(issue({ a: ["\ud800"] })).toEqual([{ path: "a.0", message: "must be valid Unicode" }]);
    expect(issue({ a: "\udc00x" })).toEqual([{ path: "a", message: "must be valid Unicode" }]);
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(issue({ input: deep })?.[0]?.message).toMatch(/deeper than 32/);
  });
});
