import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lockDataDir } from "./pglite-lock";

describe("lockDataDir", () => {
  it("refuses a directory a live process holds, takes over a dead one's, and releases", () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lock-")), "pglite");
    const lockFile = `${dir}.lock`;
    // Our parent (the test runner's parent shell) is alive and is not us.
    fs.writeFileSync(lockFile, String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(/in use by process/);
    // A pid that has exited: take it over.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    fs.writeFileSync(lockFile, dead);
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lockFile, "utf8")).toBe(String(process.pid));
    expect(lockDataDir(dir)).toBeTypeOf("function"); // re-entrant within the process
    release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
