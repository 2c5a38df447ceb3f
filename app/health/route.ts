import { NextResponse } from "next/server";
import { checkDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

/** Readiness: the app and its database (spec §1). */
export async function GET() {
  const ok = await checkDatabase();
  return NextResponse.json({ status: ok ? "ok" : "degraded", db: ok ? "ok" : "down" }, { status: ok ? 200 : 503 });
}
