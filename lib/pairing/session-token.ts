import { errors, jwtVerify, SignJWT, decodeProtectedHeader } from "jose";
import { ApiError } from "@/lib/errors";
import type { SigningKey, SigningKeys } from "./signing-keys";

export const TOKEN_AUDIENCE = "peaqos-machine-markets";
const CLOCK_TOLERANCE_S = 30;

export type SessionClaims = {
  iss: string;
  aud: string;
  sub: string;
  jti: string;
  iat: number;
  exp: number;
  machineId: string;
  pairingId: string;
  sessionId: string;
  agentAddress: string;
  agentDid: string | null;
  delegationPolicyHash: string;
};

export type TokenInput = {
  issuer: string;
  machineId: string;
  pairingId: string;
  sessionId: string;
  tokenId: string;
  agentAddress: string;
  agentDid: string | null;
  delegationPolicyHash: string;
  issuedAt: Date;
  expiresAt: Date;
};

export async function signSessionToken(key: SigningKey, t: TokenInput): Promise<string> {
  return new SignJWT({
    machineId: t.machineId,
    pairingId: t.pairingId,
    sessionId: t.sessionId,
    agentAddress: t.agentAddress,
    agentDid: t.agentDid,
    delegationPolicyHash: t.delegationPolicyHash,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: key.kid })
    .setIssuer(t.issuer)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(t.pairingId)
    .setJti(t.tokenId)
    .setIssuedAt(Math.floor(t.issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(t.expiresAt.getTime() / 1000))
    .sign(key.key);
}

const invalid = (reason: string) => new ApiError("AGENT_AUTH_INVALID", "The agent pairing token is not valid.", { reason });

function claimsShape(p: Record<string, unknown>): SessionClaims {
  const str = (k: string) => typeof p[k] === "string" && (p[k] as string).length > 0;
  if (!["sub", "jti", "machineId", "pairingId", "sessionId", "agentAddress", "delegationPolicyHash"].every(str)) {
    throw invalid("MALFORMED_CLAIMS");
  }
  if (p.sub !== p.pairingId) throw invalid("MALFORMED_CLAIMS");
  return p as unknown as SessionClaims;
}

/**
 * Verifies signature (HS256 only, current or previous secret), issuer, audience and expiry with 30 s
 * of skew. `allowExpired` is for the rotation-challenge path, where an expired but genuine token
 * still identifies the agent.
 */
export async function verifySessionToken(
  token: string,
  keys: SigningKeys,
  opts: { issuer: string; now: Date; allowExpired?: boolean },
): Promise<SessionClaims> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== "HS256") throw invalid("UNSUPPORTED_ALG");
    kid = header.kid;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw invalid("MALFORMED");
  }
  const key = keys.accepted.find((k) => k.kid === kid);
  if (!key) throw invalid("UNKNOWN_KEY");
  const verifyOpts = {
    algorithms: ["HS256"],
    issuer: opts.issuer,
    audience: TOKEN_AUDIENCE,
    clockTolerance: CLOCK_TOLERANCE_S,
    currentDate: opts.now,
    requiredClaims: ["exp", "iat", "jti", "sub"],
  };
  try {
    const { payload } = await jwtVerify(token, key.key, verifyOpts);
    return claimsShape(payload);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof errors.JWTExpired && err.claim === "exp") {
      // jose checks exp last, so everything else about the token already held.
      if (opts.allowExpired) {
        const { payload } = await jwtVerify(token, key.key, { ...verifyOpts, currentDate: new Date(0), clockTolerance: 0 });
        return claimsShape(payload);
      }
      throw new ApiError("AGENT_AUTH_EXPIRED", "The agent pairing token has expired; rotate the session.");
    }
    if (err instanceof errors.JWSSignatureVerificationFailed) throw invalid("BAD_SIGNATURE");
    if (err instanceof errors.JWTClaimValidationFailed) throw invalid(`BAD_CLAIM_${String(err.claim).toUpperCase()}`);
    throw invalid("MALFORMED");
  }
}
