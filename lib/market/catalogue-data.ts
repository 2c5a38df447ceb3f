import { createHash } from "node:crypto";

/** The project's seeded catalogue (spec §4 "Market"): eight skills, a dozen services. */
export const SKILLS = [
  {
    key: "oracle.price-feed",
    label: "Price feeds",
    description: "Signed market prices for assets and commodities.",
    operations: ["quote", "subscribe"],
  },
  {
    key: "compute.marketplace",
    label: "Compute",
    description: "Rent CPU and GPU time for inference and batch jobs.",
    operations: ["run-job", "reserve"],
  },
  {
    key: "storage.object",
    label: "Object storage",
    description: "Store and fetch blobs with content addressing.",
    operations: ["put", "get"],
  },
  {
    key: "data.location",
    label: "Location data",
    description: "Positioning, geofences and map tiles.",
    operations: ["geocode", "geofence"],
  },
  {
    key: "identity.proof-of-person",
    label: "Proof of person",
    description: "Check that a counterparty is a unique human.",
    operations: ["verify"],
  },
  {
    key: "device.control",
    label: "Device control",
    description: "Actuate remote machines: unlock, start, stop.",
    operations: ["command"],
  },
  {
    key: "machine.commerce",
    label: "Machine commerce",
    description: "Charging, parking and other machine-to-machine purchases.",
    operations: ["purchase", "reserve"],
  },
  {
    key: "network.partner-console",
    label: "Partner console",
    description: "Access to partner network consoles and their APIs.",
    operations: ["provision"],
  },
] as const;

type ServiceSeed = {
  skillKey: (typeof SKILLS)[number]["key"];
  providerKey: string;
  companyName: string;
  name: string;
  description: string;
  operations: string[];
  pricing: {
    mode: "fixed" | "provider-defined" | "quote-required";
    amount: string | null;
    currency: string | null;
    rate: string | null;
    notes: string[];
  };
  executionMode: "native" | "external-handoff";
};

const fixed = (amount: string, currency: "USD" | "USDC", rate = "per_request", notes: string[] = []) => ({
  mode: "fixed" as const,
  amount,
  currency,
  rate,
  notes,
});

export const SERVICES: ServiceSeed[] = [
  {
    skillKey: "oracle.price-feed",
    providerKey: "pyth-relay",
    companyName: "Pyth Relay Labs",
    name: "Spot price (crypto)",
    description: "Signed spot price for a crypto pair.",
    operations: ["quote"],
    pricing: fixed("0.02", "USDC"),
    executionMode: "native",
  },
  {
    skillKey: "oracle.price-feed",
    providerKey: "chainfeeds",
    companyName: "ChainFeeds",
    name: "Energy price index",
    description: "Hourly wholesale electricity price for a grid zone.",
    operations: ["quote", "subscribe"],
    pricing: fixed("0.5", "USD"),
    executionMode: "native",
  },
  {
    skillKey: "compute.marketplace",
    providerKey: "gpu-hub",
    companyName: "GPU Hub",
    name: "GPU inference minute",
    description: "One minute of an A100 slice for inference.",
    operations: ["run-job"],
    pricing: fixed("1.2", "USDC", "per_minute"),
    executionMode: "native",
  },
  {
    skillKey: "compute.marketplace",
    providerKey: "edge-grid",
    companyName: "EdgeGrid",
    name: "Batch CPU job",
    description: "A batch job on shared CPU, billed per job up to 10 minutes.",
    operations: ["run-job", "reserve"],
    pricing: fixed("0.35", "USD", "per_job"),
    executionMode: "native",
  },
  {
    skillKey: "storage.object",
    providerKey: "filevault",
    companyName: "FileVault",
    name: "Blob put (1 MB)",
    description: "Store up to 1 MB for 30 days.",
    operations: ["put"],
    pricing: fixed("0.001", "USDC", "per_request", ["30-day retention"]),
    executionMode: "native",
  },
  {
    skillKey: "storage.object",
    providerKey: "filevault",
    companyName: "FileVault",
    name: "Blob get",
    description: "Fetch a stored blob by content id.",
    operations: ["get"],
    pricing: fixed("0.0005", "USDC"),
    executionMode: "native",
  },
  {
    skillKey: "data.location",
    providerKey: "geomesh",
    companyName: "GeoMesh",
    name: "Reverse geocode",
    description: "Address and zone for a coordinate.",
    operations: ["geocode"],
    pricing: fixed("0.01", "USD"),
    executionMode: "native",
  },
  {
    skillKey: "data.location",
    providerKey: "geomesh",
    companyName: "GeoMesh",
    name: "Geofence check",
    description: "Whether a coordinate lies in a named fence.",
    operations: ["geofence"],
    pricing: fixed("0.005", "USD"),
    executionMode: "native",
  },
  {
    skillKey: "identity.proof-of-person",
    providerKey: "humanode-gw",
    companyName: "Humanode Gateway",
    name: "Unique-human check",
    description: "One biometric-free uniqueness attestation.",
    operations: ["verify"],
    pricing: fixed("0.25", "USDC"),
    executionMode: "external-handoff",
  },
  {
    skillKey: "device.control",
    providerKey: "lockwise",
    companyName: "Lockwise",
    name: "Smart lock command",
    description: "Unlock or lock a partner smart lock.",
    operations: ["command"],
    pricing: fixed("0.1", "USD"),
    executionMode: "native",
  },
  {
    skillKey: "machine.commerce",
    providerKey: "chargenet",
    companyName: "ChargeNet",
    name: "EV charging session",
    description: "Reserve and pay a charging session; the charger meters it.",
    operations: ["reserve", "purchase"],
    pricing: fixed("7.5", "USD", "per_session"),
    executionMode: "external-handoff",
  },
  {
    skillKey: "machine.commerce",
    providerKey: "parkpass",
    companyName: "ParkPass",
    name: "Robot parking bay",
    description: "An hour in a parking and charging bay for delivery robots.",
    operations: ["purchase"],
    pricing: fixed("2", "USDC", "per_hour"),
    executionMode: "native",
  },
  {
    skillKey: "network.partner-console",
    providerKey: "peaq-partners",
    companyName: "peaq Partners",
    name: "Partner console seat",
    description: "Provisioned access priced by the partner per deal.",
    operations: ["provision"],
    pricing: { mode: "quote-required", amount: null, currency: null, rate: null, notes: ["Send budget with the order"] },
    executionMode: "external-handoff",
  },
];

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** Stable ids, so policies that name a service survive a re-seed. */
export function serviceId(s: Pick<ServiceSeed, "providerKey" | "name">): string {
  const digest = createHash("sha256").update(`${s.providerKey}/${s.name}`).digest();
  let out = "";
  for (let i = 0; i < 16; i++) out += BASE32[digest[i]! & 31];
  return `svc_${out}`;
}
