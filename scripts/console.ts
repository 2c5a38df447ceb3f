/**
 * Operator console.
 *   npm run console -- api-key create --owner <address> [--name <name>]
 *   npm run console -- api-key list [--owner <address>]
 *   npm run console -- api-key revoke <id>
 *   npm run console -- prune                 drop challenges, searches and quotes expired over a week ago
 */
import { isAddress } from "viem";
import { createApiKey, listApiKeys, revokeApiKey } from "../lib/auth/api-keys";
import { pruneExpired } from "../lib/maintenance/prune";

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith("--")) fail(`--${name} needs a value`);
  return value;
}

function fail(message: string): never {
  console.error(
    `error: ${message}\n\nusage:\n  api-key create --owner <address> [--name <name>]\n  api-key list [--owner <address>]\n  api-key revoke <id>\n  prune`,
  );
  process.exit(2);
}

async function main() {
  const [group, command, ...rest] = process.argv.slice(2);
  if (group === "prune") {
    const pruned = await pruneExpired();
    console.log(
      `Pruned ${Object.entries(pruned)
        .map(([k, v]) => `${v} ${k}`)
        .join(", ")}.`,
    );
    return;
  }
  if (group !== "api-key") fail(`unknown command ${group ?? "(none)"}`);
  if (command === "create") {
    const owner = option(rest, "owner");
    if (!owner || !isAddress(owner, { strict: false })) fail("--owner must be a 20-byte hex address");
    const { key, apiKey } = await createApiKey(owner, option(rest, "name") ?? "default");
    console.log(`Created ${apiKey.id} for ${apiKey.ownerId}. The key is shown once; store it now:\n${key}`);
  } else if (command === "list") {
    const owner = option(rest, "owner");
    if (owner && !isAddress(owner, { strict: false })) fail("--owner must be a 20-byte hex address");
    const keys = await listApiKeys(owner);
    if (!keys.length) console.log("No API keys.");
    for (const k of keys) {
      console.log(
        `${k.id}  ${k.ownerId}  ${k.name}  …${k.lastFour}  created ${k.createdAt}  last used ${k.lastUsedAt ?? "never"}${k.revokedAt ? `  REVOKED ${k.revokedAt}` : ""}`,
      );
    }
  } else if (command === "revoke") {
    const id = rest[0];
    if (!id) fail("api-key revoke needs an id");
    const k = await revokeApiKey(id);
    if (!k) fail(`no API key ${id}`);
    console.log(`Revoked ${k.id} (${k.ownerId}).`);
  } else {
    fail(`unknown api-key command ${command ?? "(none)"}`);
  }
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err instanceof Error ? `error: ${err.message}` : err);
    process.exit(1);
  });
