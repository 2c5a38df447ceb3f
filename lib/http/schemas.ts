import { getAddress, isAddress } from "viem";
import { z } from "zod";

/** Any hex case in, EIP-55 checksum out (spec §1). */
export const addressSchema = z
  .string()
  .refine((v) => /^0x[0-9a-fA-F]{40}$/.test(v) && isAddress(v, { strict: false }), "must be a 20-byte hex address")
  .transform((v) => getAddress(v));

export const shortText = (max: number) => z.string().trim().min(1).max(max);

export const keyList = z.array(z.string().trim().min(1).max(128)).max(200);

export const labelsSchema = z
  .record(z.string().min(1).max(64), z.string().max(256))
  .refine((o) => Object.keys(o).length <= 50, "at most 50 labels");

/** Signatures are validated as proofs (wrong length → PROOF_INVALID), so the schema only bounds size. */
export const signatureSchema = z.string().min(1).max(1024);
