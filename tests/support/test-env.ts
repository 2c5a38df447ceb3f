/** What scripts/test-api.ts hands to the test processes. */
export type TestOwner = { address: string; apiKey: string };

export function testEnv() {
  const baseUrl = process.env.API_BASE_URL;
  const owners = process.env.API_TEST_OWNERS;
  const secret = process.env.API_TEST_JWT_SECRET;
  const previous = process.env.API_TEST_JWT_SECRET_PREVIOUS;
  if (!baseUrl || !owners || !secret || !previous) {
    throw new Error("API tests run through `npm run test:api`, which starts the app and sets API_BASE_URL.");
  }
  return {
    baseUrl,
    owners: JSON.parse(owners) as TestOwner[],
    secret,
    previousSecret: previous,
    db: process.env.API_TEST_DB ?? "unknown",
    /** Every app instance serving the test database: two on PostgreSQL, one on PGlite (one process per data dir). */
    instances: [baseUrl, ...(process.env.API_BASE_URL_2 ? [process.env.API_BASE_URL_2] : [])],
  };
}
