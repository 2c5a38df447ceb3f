import { getAddress } from "viem";

const DID_PKH = /^did:pkh:eip155:([1-9]\d{0,17}):(0x[0-9a-fA-F]{40})$/;

/**
 * Spec §4.2: omitted → did:pkh:eip155:1:<checksummed address>; given → must be
 * did:pkh:eip155:<chainId>:<address> naming the same address. Returns null when it does not.
 */
export function resolveAgentDid(agentAddress: string, agentDid: string | undefined): string | null {
  if (agentDid === undefined) return `did:pkh:eip155:1:${agentAddress}`;
  const m = DID_PKH.exec(agentDid);
  if (!m || getAddress(m[2]!) !== agentAddress) return null;
  return `did:pkh:eip155:${m[1]}:${agentAddress}`;
}
