import type { AgentPairing, AgentSession } from "@/lib/generated/prisma/client";
import { DAY_MS, type SpendUsage } from "@/lib/market/spend-usage";
import { microsToNumber } from "@/lib/money/micros";
import { policyFromStored, policyView } from "@/lib/policy/delegation-policy";

export type PairingRow = AgentPairing & { currentSession: AgentSession | null };

export const withSession = { currentSession: true } as const;

export function pairingView(p: PairingRow, usage?: SpendUsage) {
  const policy = policyFromStored(p.delegationPolicy);
  const s = p.currentSession;
  return {
    id: p.id,
    machineId: p.machineId,
    status: p.status as "active" | "paused" | "revoked",
    agentAddress: p.agentAddress,
    agentDid: p.agentDid,
    agentProvider: p.agentProvider,
    agentRole: p.agentRole,
    description: p.description,
    verification: verificationView(p.verification as Verification | null),
    delegationPolicy: policyView(policy),
    delegationPolicyHash: p.delegationPolicyHash,
    hasAuthToken: s !== null,
    tokenLastFour: s?.lastFour ?? null,
    sessionId: s?.id ?? null,
    sessionTokenId: s?.tokenId ?? null,
    sessionIssuedAt: s?.issuedAt.toISOString() ?? null,
    sessionExpiresAt: s?.expiresAt.toISOString() ?? null,
    ...(usage
      ? {
          usage: {
            currency: policy.currency,
            spent: microsToNumber(usage.spent),
            reserved: microsToNumber(usage.reserved),
            remaining:
              policy.dailySpendLimit === null
                ? null
                : microsToNumber(maxZero(policy.dailySpendLimit - usage.spent - usage.reserved)),
            nextReleaseAt: usage.oldestAt ? new Date(usage.oldestAt.getTime() + DAY_MS).toISOString() : null,
          },
        }
      : {}),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    revokedAt: p.revokedAt?.toISOString() ?? null,
  };
}

const maxZero = (v: bigint) => (v < 0n ? 0n : v);

type Verification = { method: "eip191"; signerAddress: string; verifiedAt: string; challengeExpiresAt: string };

// jsonb stores keys sorted; rebuild in the spec's field order.
function verificationView(v: Verification | null): Verification | null {
  return (
    v && { method: v.method, signerAddress: v.signerAddress, verifiedAt: v.verifiedAt, challengeExpiresAt: v.challengeExpiresAt }
  );
}

export type PairingView = ReturnType<typeof pairingView>;

/** Create and rotate responses: the token once, plus peaq's playbook alias (spec §1). */
export const withToken = (view: PairingView, token: string) => ({ ...view, pairingToken: token, pairing_token: token });
