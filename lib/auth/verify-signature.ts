import { createPublicClient, http, isAddressEqual, recoverMessageAddress, type Hex } from "viem";
import { getConfig } from "@/lib/config/env";

const SIGNATURE_65 = /^0x[0-9a-fA-F]{130}$/;

/**
 * EIP-191 personal_sign verification. Only 65-byte signatures are accepted for EOAs (no EIP-2098
 * compact form, which viem would otherwise accept). When PEAQOS_RPC_URL is set, a signer that is a
 * contract wallet is checked through ERC-1271 there.
 */
export async function verifyPersonalSign(
  address: string,
  message: string,
  signature: string,
  rpcUrl: string | null = getConfig().rpcUrl,
): Promise<boolean> {
  if (SIGNATURE_65.test(signature)) {
    try {
      const recovered = await recoverMessageAddress({ message, signature: signature as Hex });
      if (isAddressEqual(recovered, address as Hex)) return true;
    } catch {
      // unrecoverable: fall through
    }
  }
  if (!rpcUrl || !/^0x(?:[0-9a-fA-F]{2})+$/.test(signature)) return false;
  try {
    const client = createPublicClient({ transport: http(rpcUrl, { timeout: 5_000, retryCount: 0 }) });
    const code = await client.getCode({ address: address as Hex });
    if (!code || code === "0x") return false;
    return await client.verifyMessage({ address: address as Hex, message, signature: signature as Hex });
  } catch {
    return false;
  }
}
