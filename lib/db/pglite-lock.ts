import fs from "node:fs";
import path from "node:path";

/**
 * PGlite is an in-process database: two processes opening one data directory would corrupt it, and
 * PGlite itself does not stop them. This takes an exclusive lock file (holding our pid) for the life
 * of the process; a lock left by a process that no longer runs is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, "..", `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      const release = () => {
        try {
          if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.rmSync(file);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = Number(fs.readFileSync(file, "utf8"));
    if (holder === process.pid) return () => {};
    if (holder > 0 && isAlive(holder)) {
      throw new Error(
        `The embedded database at ${dataDir} is in use by process ${holder} (a running dev server?). ` +
          "PGlite serves one process at a time: stop that process, or point DATABASE_URL at PostgreSQL.",
      );
    }
    fs.rmSync(file, { force: true }); // stale: its process is gone
  }
  throw new Error(`Could not lock the embedded database at ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
