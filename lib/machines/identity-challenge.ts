import { z } from "zod";
import { getConfig } from "@/lib/config/env";
import { getDb, transaction } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { addressSchema } from "@/lib/http/schemas";
import { newId, newNonce } from "@/lib/ids";
import { machineIdentityChallengeMessage } from "@/lib/pairing/challenge-message";
import { parseIdentityRef } from "./identity-ref";

export const identityChallengeBody = z.strictObject({
  identityRef: z.string().min(1).max(200),
  controllerAddress: addressSchema.optional(),
});

export async function issueIdentityChallenge(ownerId: string, body: z.output<typeof identityChallengeBody>, ctx: RequestContext) {
  const ref = parseIdentityRef(body.identityRef);
  if (!ref) {
    throw new ApiError("VALIDATION_ERROR", "identityRef must be did:peaq:0x<address> or peaqos:machine:<id>.", {
      issues: [{ path: "identityRef", message: "unsupported identity reference" }],
    });
  }
  let controllers: string[];
  if (ref.kind === "did") {
    if (body.controllerAddress && body.controllerAddress !== ref.controller) {
      throw new ApiError("VALIDATION_ERROR", "A did:peaq identity is controlled by the address it names.", {
        issues: [{ path: "controllerAddress", message: "does not match the DID's address" }],
      });
    }
    controllers = [ref.controller];
  } else {
    if (!body.controllerAddress) {
      throw new ApiError("VALIDATION_ERROR", "A peaqos:machine identity needs controllerAddress.", {
        issues: [{ path: "controllerAddress", message: "required for peaqos:machine references" }],
      });
    }
    controllers = [body.controllerAddress];
  }
  const db = await getDb();
  if (await db.machine.findUnique({ where: { identityRef: ref.identityRef }, select: { id: true } })) {
    throw new ApiError("MACHINE_IDENTITY_EXISTS", "A machine with this identity is already registered.");
  }
  const id = newId("mic");
  const nonce = newNonce();
  const issuedAt = ctx.now;
  const expiresAt = new Date(issuedAt.getTime() + getConfig().challengeTtlMs);
  const message = machineIdentityChallengeMessage({
    host: ctx.publicHost,
    identityRef: ref.identityRef,
    ownerId,
    controllerAddresses: controllers,
    challengeId: id,
    nonce,
    issuedAt,
    expiresAt,
  });
  await transaction(async (tx) => {
    await tx.owner.upsert({ where: { id: ownerId }, create: { id: ownerId }, update: {} });
    await tx.machineIdentityChallenge.create({
      data: { id, ownerId, identityRef: ref.identityRef, controllerAddresses: controllers, nonce, message, issuedAt, expiresAt },
    });
  });
  return {
    challengeId: id,
    identityRef: ref.identityRef,
    message,
    expiresAt: expiresAt.toISOString(),
    verificationMethod: "eip191" as const,
    controllerAddresses: controllers,
  };
}
