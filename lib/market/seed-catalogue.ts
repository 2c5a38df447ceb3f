import { transaction } from "@/lib/db/client";
import { parseMicros } from "@/lib/money/micros";
import { SERVICES, SKILLS, serviceId } from "./catalogue-data";

/** Idempotent: upserts the skills and services of catalogue-data.ts. */
export async function seedCatalogue(): Promise<{ skills: number; services: number }> {
  await transaction(async (tx) => {
    for (const s of SKILLS) {
      const data = { label: s.label, description: s.description, operations: [...s.operations] };
      await tx.skill.upsert({ where: { key: s.key }, create: { key: s.key, ...data }, update: data });
    }
    for (const s of SERVICES) {
      const data = {
        skillKey: s.skillKey,
        providerKey: s.providerKey,
        companyName: s.companyName,
        name: s.name,
        description: s.description,
        operations: s.operations,
        pricingMode: s.pricing.mode,
        priceMicros: s.pricing.amount === null ? null : parseMicros(s.pricing.amount),
        currency: s.pricing.currency,
        rate: s.pricing.rate,
        notes: s.pricing.notes,
        executionMode: s.executionMode,
      };
      const id = serviceId(s);
      await tx.marketService.upsert({ where: { id }, create: { id, ...data }, update: data });
    }
  });
  return { skills: SKILLS.length, services: SERVICES.length };
}
