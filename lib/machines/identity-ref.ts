import { getAddress } from "viem";

const DID_PEAQ = /^did:peaq:(0x[0-9a-fA-F]{40})$/;
const PEAQOS_MACHINE = /^peaqos:machine:([A-Za-z0-9][A-Za-z0-9._:-]{0,127})$/;

export type ParsedIdentityRef =
  { kind: "did"; identityRef: string; controller: string } | { kind: "peaqos"; identityRef: string };

/** did:peaq:0x<address> (normalised to the checksummed address) or peaqos:machine:<id>. */
export function parseIdentityRef(raw: string): ParsedIdentityRef | null {
  const did = DID_PEAQ.exec(raw);
  if (did) {
    const controller = getAddress(did[1]!);
    return { kind: "did", identityRef: `did:peaq:${controller}`, controller };
  }
  if (PEAQOS_MACHINE.test(raw)) return { kind: "peaqos", identityRef: raw };
  return null;
}
