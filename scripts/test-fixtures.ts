/**
 * Seeds the market catalogue and creates owners with API keys for a test run, printing the owners
 * as JSON: the only data tests share.
 */
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createApiKey } from "../lib/auth/api-keys";
import { seedCatalogue } from "../lib/market/seed-catalogue";

async function main() {
  const count = Number(process.argv[2] ?? 3);
  await seedCatalogue();
  const owners = [];
  for (let i = 0; i < count; i++) {
    const address = privateKeyToAccount(generatePrivateKey()).address;
    owners.push({ address, apiKey: (await createApiKey(address, `test-${i}`)).key });
  }
  process.stdout.write(JSON.stringify(owners));
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
