import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { registerSessionResolver, requireOwner } from "./owner-caller";

const ctx: RequestContext = {
  now: new Date(),
  publicUrl: "https://console.example",
  publicHost: "console.example",
  requestOrigin: "http://127.0.0.1:3000",
};
const OWNER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
registerSessionResolver(async (req) => (req.headers.get("cookie") === "session=ok" ? OWNER : null));

const call = async (method: string, headers: Record<string, string>) => {
  try {
    return (await requireOwner(new Request("http://127.0.0.1:3000/api/v1/machines", { method, headers }), ctx)).ownerId;
  } catch (err) {
    return (err as ApiError).code;
  }
};

describe("requireOwner with a browser session (spec §2)", () => {
  it("needs a session", async () => {
    expect(await call("GET", {})).toBe("AUTH_REQUIRED");
    expect(await call("GET", { cookie: "session=forged" })).toBe("AUTH_REQUIRED");
  });

  it("reads without an Origin, but refuses cookie writes whose Origin is absent or foreign", async () => {
    expect(await call("GET", { cookie: "session=ok" })).toBe(OWNER);
    for (const method of ["POST", "PATCH", "DELETE"]) {
      expect(await call(method, { cookie: "session=ok" })).toBe("FORBIDDEN");
      expect(await call(method, { cookie: "session=ok", origin: "https://evil.example" })).toBe("FORBIDDEN");
      expect(await call(method, { cookie: "session=ok", origin: "http://127.0.0.1:3000" })).toBe(OWNER);
      expect(await call(method, { cookie: "session=ok", origin: "https://console.example" })).toBe(OWNER);
    }
  });
});
