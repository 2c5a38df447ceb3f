import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded from node_modules at run time rather than bundled: PGlite and Prisma's query compiler
  // ship WebAssembly and data files that bundlers would have to copy.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/client", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
  // Keep `next dev` from writing AGENTS.md into the working tree.
  agentRules: false,
  experimental: { agentUpgrade: false },
};

export default nextConfig;
