import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { verifyPersonalSign } from "@/lib/auth/verify-signature";
import { getConfig } from "@/lib/config/env";
import { getDb, transaction } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { ownerActor, recordEvent } from "@/lib/events/events";
import type { RequestContext } from "@/lib/http/request-context";
import { keyList, labelsSchema, shortText, signatureSchema } from "@/lib/http/schemas";
import { isId, newId } from "@/lib/ids";
import { parseIdentityRef } from "./identity-ref";
import { machineView, type IdentityProof } from "./machine-view";

export const createMachineBody = z.strictObject({
  displayName: shortText(120),
  identityRef: z.string().min(1).max(200),
  identityProof: z.strictObject({ challengeId: z.string().min(1).max(64), signature: signatureSchema }).optional(),
  machineType: shortText(64),
  runtimeProfile: shortText(64),
  capabilities: keyList.default([]),
  labels: labelsSchema.default({}),
  skillKeys: keyList.default([]),
});

const proofInvalid = (reason: string) =>
  new ApiError("MACHINE_IDENTITY_PROOF_INVALID", "The machine identity proof is not valid.", { reason });

export async function createMachine(ownerId: string, body: z.output<typeof createMachineBody>, ctx: RequestContext) {
  const ref = parseIdentityRef(body.identityRef);
  if (!ref) {
    throw new ApiError("VALIDATION_ERROR", "identityRef must be did:peaq:0x<address> or peaqos:machine:<id>.", {
      issues: [{ path: "identityRef", message: "unsupported identity reference" }],
    });
  }
  const db = await getDb();
  let proof: IdentityProof | null = null;
  const { identityProof } = body;
  if (!identityProof && getConfig().machineIdentityVerification) {
    throw new ApiError("MACHINE_IDENTITY_PROOF_REQUIRED", "Registering a machine needs an identity proof.");
  }
  if (identityProof) {
    const challenge = isId("mic", identityProof.challengeId)
      ? await db.machineIdentityChallenge.findUnique({ where: { id: identityProof.challengeId } })
      : null;
    if (!challenge || challenge.ownerId !== ownerId || challenge.identityRef !== ref.identityRef) {
      throw proofInvalid("UNKNOWN_CHALLENGE");
    }
    if (challenge.usedAt) throw proofInvalid("CHALLENGE_USED");
    if (challenge.expiresAt <= ctx.now) {
      throw new ApiError("MACHINE_IDENTITY_PROOF_EXPIRED", "The identity challenge has expired; request a new one.");
    }
    let signer: string | null = null;
    for (const controller of challenge.controllerAddresses) {
      if (await verifyPersonalSign(controller, challenge.message, identityProof.signature)) signer = controller;
    }
    if (!signer) throw proofInvalid("WRONG_SIGNER");
    proof = {
      method: "eip191",
      identityRef: ref.identityRef,
      signerAddress: signer,
      challengeId: challenge.id,
      verifiedAt: ctx.now.toISOString(),
      challengeExpiresAt: challenge.expiresAt.toISOString(),
      controllerAddresses: challenge.controllerAddresses,
      resolutionSource: ref.kind === "did" ? "did-address" : "owner-declared",
    };
  }
  if (await db.machine.findUnique({ where: { identityRef: ref.identityRef }, select: { id: true } })) {
    throw new ApiError("MACHINE_IDENTITY_EXISTS", "A machine with this identity is already registered.");
  }
  try {
    const machine = await transaction(async (tx) => {
      if (proof) {
        const used =
          await tx.$executeRaw`UPDATE "MachineIdentityChallenge" SET "usedAt" = ${ctx.now} WHERE "id" = ${proof.challengeId} AND "usedAt" IS NULL`;
        if (used !== 1) throw proofInvalid("CHALLENGE_USED");
      }
      await tx.owner.upsert({ where: { id: ownerId }, create: { id: ownerId }, update: {} });
      const created = await tx.machine.create({
        data: {
          id: newId("mach"),
          ownerId,
          displayName: body.displayName,
          status: "draft",
          identityRef: ref.identityRef,
          identityProof: proof ?? Prisma.DbNull,
          machineType: body.machineType,
          runtimeProfile: body.runtimeProfile,
          capabilities: [...new Set(body.capabilities)],
          labels: body.labels,
          policyIds: [],
          skillKeys: [...new Set(body.skillKeys)],
          createdAt: ctx.now,
        },
      });
      await recordEvent(tx, {
        at: ctx.now,
        machineId: created.id,
        actor: ownerActor(ownerId),
        type: "machine.created",
        details: { identityRef: ref.identityRef, verified: proof !== null },
      });
      return created;
    });
    return machineView(machine);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new ApiError("MACHINE_IDENTITY_EXISTS", "A machine with this identity is already registered.");
    }
    throw err;
  }
}
