import type { Machine } from "@/lib/generated/prisma/client";

export const MACHINE_STATUSES = ["draft", "active", "degraded", "blocked", "archived"] as const;
export type MachineStatus = (typeof MACHINE_STATUSES)[number];

export type IdentityProof = {
  method: "eip191";
  identityRef: string;
  signerAddress: string;
  challengeId: string;
  verifiedAt: string;
  challengeExpiresAt: string;
  controllerAddresses: string[];
  resolutionSource: "peaqos-mcr" | "did-address" | "owner-declared";
};

export type Bond = { amount: number; currency: string; txHash: string | null; bondedAt: string };

// jsonb stores keys sorted; rebuild the proof in the spec's field order.
function identityProofView(p: IdentityProof | null): IdentityProof | null {
  if (!p) return null;
  return {
    method: p.method,
    identityRef: p.identityRef,
    signerAddress: p.signerAddress,
    challengeId: p.challengeId,
    verifiedAt: p.verifiedAt,
    challengeExpiresAt: p.challengeExpiresAt,
    controllerAddresses: p.controllerAddresses,
    resolutionSource: p.resolutionSource,
  };
}

function bondView(b: Bond | null): Bond | null {
  return b && { amount: b.amount, currency: b.currency, txHash: b.txHash, bondedAt: b.bondedAt };
}

export function machineView(m: Machine) {
  return {
    id: m.id,
    displayName: m.displayName,
    status: m.status as MachineStatus,
    ownerId: m.ownerId,
    identityRef: m.identityRef,
    identityProof: identityProofView(m.identityProof as IdentityProof | null),
    bond: bondView(m.bond as Bond | null),
    machineType: m.machineType,
    runtimeProfile: m.runtimeProfile,
    capabilities: m.capabilities,
    labels: m.labels as Record<string, string>,
    policyIds: m.policyIds,
    skillKeys: m.skillKeys,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export type MachineView = ReturnType<typeof machineView>;
