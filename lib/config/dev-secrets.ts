import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Outside production an unset secret is generated once and kept in the data directory, so a restart
 * does not kill sessions. `wx` makes the first writer win when two processes start together.
 */
export function devSecret(name: string): string {
  const dir = path.resolve(process.cwd(), "data");
  const file = path.join(dir, "dev-secrets.json");
  fs.mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    let secrets: Record<string, string> = {};
    if (fs.existsSync(file)) {
      secrets = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
      const existing = secrets[name];
      if (existing) return existing;
    }
    const value = randomBytes(32).toString("base64url");
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ ...secrets, [name]: value }, null, 2), { mode: 0o600 });
    try {
      if (fs.existsSync(file)) fs.renameSync(tmp, file);
      else fs.linkSync(tmp, file); // fails if another process created it meanwhile: read theirs
      return value;
    } catch {
      continue;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  throw new Error("could not create the development secrets file");
}
