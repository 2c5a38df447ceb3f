import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { testEnv, type TestOwner } from "./test-env";

export const env = testEnv();

/** Response bodies are whatever the server sent; tests assert their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export type ApiResponse<T = Loose> = { status: number; body: T; headers: Headers };

type CallOptions = {
  owner?: TestOwner;
  apiKey?: string;
  token?: string;
  body?: unknown;
  /** Sent as-is (string) instead of JSON-encoding `body`. */
  raw?: string;
  headers?: Record<string, string>;
  /** Moves the server's clock for this request (PEAQOS_TEST_CLOCK=header). */
  at?: Date;
  /** Another app instance on the same database (PostgreSQL runs only). */
  baseUrl?: string;
};

export async function api<T = Loose>(method: string, path: string, o: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.owner) headers["x-api-key"] = o.owner.apiKey;
  if (o.apiKey !== undefined) headers["x-api-key"] = o.apiKey;
  if (o.token !== undefined) headers["x-agent-pairing-token"] = o.token;
  if (o.at) headers["x-peaqos-test-now"] = o.at.toISOString();
  let body: string | undefined;
  if (o.raw !== undefined) body = o.raw;
  else if (o.body !== undefined) body = JSON.stringify(o.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["content-type"] = "application/json";
  }
  const res = await fetch(`${o.baseUrl ?? env.baseUrl}/api/v1${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // leave as text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export const [ownerA, ownerB, ownerC] = env.owners as [TestOwner, TestOwner, TestOwner];

export const newAccount = (): PrivateKeyAccount => privateKeyToAccount(generatePrivateKey());

/** Expects the spec's error envelope with this status and code. */
export function expectError(res: ApiResponse, status: number, code: string) {
  if (res.status !== status || res.body?.error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body.error as { code: string; message: string; details?: Record<string, Loose> };
}

export function expectOk<T = Loose>(res: ApiResponse<T>, status = 200): T {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
