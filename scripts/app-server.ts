import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

export function run(
  cmd: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  opts: { capture?: boolean } = {},
): string {
  const r = spawnSync(cmd, args, {
    env: { ...process.env, ...env },
    stdio: opts.capture ? ["ignore", "pipe", "inherit"] : "inherit",
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}`);
  return r.stdout ?? "";
}

export function buildApp() {
  run("npx", ["next", "build"]);
}

export type AppServer = { url: string; stop: () => Promise<void>; log: () => string };

/** Starts `next start` on a port and waits for /health (or only /health/live) to answer ok. */
export async function startApp(
  port: number,
  env: Record<string, string | undefined>,
  opts: { healthy?: boolean } = {},
): Promise<AppServer> {
  const logFile = `/tmp/mac-app-${port}.log`;
  const out = fs.openSync(logFile, "w");
  const child: ChildProcess = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", out, out],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const log = () => fs.readFileSync(logFile, "utf8");
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early:\n${log()}`);
    try {
      const res = await fetch(opts.healthy === false ? `${url}/health/live` : `${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`app did not become healthy:\n${log()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    log,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }
    },
  };
}

/** A port nothing listens on right now (the OS picks it), so parallel runs do not collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
