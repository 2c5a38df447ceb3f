/**
 * The contract-wallet path against a stand-in JSON-RPC node on loopback: it answers eth_getCode and
 * eth_call the way a chain would for a deployed ERC-1271 wallet that accepts (or refuses) the hash.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { hashMessage } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyPersonalSign } from "./verify-signature";

let server: http.Server;
let url: string;
let node: { code: string; valid: boolean; calls: { method: string; params: unknown[] }[] };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as { id: number; method: string; params: unknown[] };
      node.calls.push({ method: body.method, params: body.params });
      const result =
        body.method === "eth_getCode"
          ? node.code
          : body.method === "eth_call"
            ? `0x${(node.valid ? "1" : "0").padStart(64, "0")}`
            : null;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ jsonrpc: "2.0", id: body.id, result }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  node = { code: "0x6080604052", valid: true, calls: [] };
});

describe("verifyPersonalSign with PEAQOS_RPC_URL (ERC-1271 wallets)", () => {
  const wallet = privateKeyToAccount(generatePrivateKey()).address; // stands for a contract address
  const owner = privateKeyToAccount(generatePrivateKey());
  const message = "Challenge ID: apc_x";

  it("asks the chain when the signature does not recover to the address, and honours its answer", async () => {
    const signature = await owner.signMessage({ message });
    expect(await verifyPersonalSign(wallet, message, signature, url)).toBe(true);
    const call = node.calls.find((c) => c.method === "eth_call");
    expect(JSON.stringify(call?.params)).toContain(hashMessage(message).slice(2));
    node = { ...node, valid: false, calls: [] };
    expect(await verifyPersonalSign(wallet, message, signature, url)).toBe(false);
  });

  it("does not ask about an address without code, nor when the EOA signature already holds", async () => {
    node.code = "0x";
    expect(await verifyPersonalSign(wallet, message, await owner.signMessage({ message }), url)).toBe(false);
    expect(node.calls.map((c) => c.method)).toEqual(["eth_getCode"]);
    node.calls = [];
    expect(await verifyPersonalSign(owner.address, message, await owner.signMessage({ message }), url)).toBe(true);
    expect(node.calls).toEqual([]);
  });

  it("refuses when the node is unreachable or the signature is not hex", async () => {
    const signature = await owner.signMessage({ message });
    expect(await verifyPersonalSign(wallet, message, signature, "http://127.0.0.1:1")).toBe(false);
    expect(await verifyPersonalSign(wallet, message, "not-hex", url)).toBe(false);
  });
});
