/** Runs once when the server starts: refuse to start on a configuration the spec forbids. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkStartupConfig } = await import("@/lib/config/check-startup");
    checkStartupConfig();
  }
}
