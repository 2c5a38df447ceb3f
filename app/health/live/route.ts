import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/** Liveness without the database; also the baseline the benchmarks compare every route against. */
export function GET() {
  return NextResponse.json({ status: "ok" });
}
