import { getConfig } from "./env";

export function checkStartupConfig() {
  try {
    getConfig();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
