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

export function machineView(m: Machine) {
  return {
    id: m.id,
    displayName: m.displayName,
    status: m.status as MachineStatus,
    ownerId: m.ownerId,
    identityRef: m.identityRef,
    identityProof: (m.identityProof as IdentityProof | null) ?? null,
    bond: (m.bond as Bond | null) ?? null,
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
