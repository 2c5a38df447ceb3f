export type Figure = {
  name: string;
  mode: "http" | "in-process";
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  count: number;
};

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

/** Runs `work(i)` for i in [0, total) with `concurrency` in flight; times each call. */
export async function runPool(
  name: string,
  total: number,
  concurrency: number,
  work: (i: number) => Promise<unknown>,
): Promise<Figure> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t = performance.now();
        try {
          await work(i);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    mode: "in-process",
    rps: total / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    count: total,
  };
}
