/** The exact text of spec §4.2, `\n`-separated, for EIP-191 personal_sign. */
export function pairingChallengeMessage(c: {
  host: string;
  agentAddress: string;
  purpose: "pair" | "rotate";
  machineId: string;
  agentProvider: string;
  agentRole: string;
  agentDid: string;
  challengeId: string;
  nonce: string;
  issuedAt: Date;
  expiresAt: Date;
}): string {
  return [
    `${c.host} wants ${c.agentAddress} to prove control of its key to peaqOS.`,
    "",
    `Action: ${c.purpose === "pair" ? "Pair agent with machine" : "Rotate agent session"}`,
    `Machine: ${c.machineId}`,
    `Agent provider: ${c.agentProvider}`,
    `Agent role: ${c.agentRole}`,
    `Agent DID: ${c.agentDid}`,
    `Challenge ID: ${c.challengeId}`,
    `Nonce: ${c.nonce}`,
    `Issued At: ${c.issuedAt.toISOString()}`,
    `Expiration Time: ${c.expiresAt.toISOString()}`,
  ].join("\n");
}

/** Machine identity challenge (ours: the spec gives no template); same SIWE-like layout. */
export function machineIdentityChallengeMessage(c: {
  host: string;
  identityRef: string;
  ownerId: string;
  controllerAddresses: string[];
  challengeId: string;
  nonce: string;
  issuedAt: Date;
  expiresAt: Date;
}): string {
  return [
    `${c.host} wants ${c.controllerAddresses.join(" or ")} to prove control of a machine identity to peaqOS.`,
    "",
    "Action: Register machine",
    `Identity: ${c.identityRef}`,
    `Owner: ${c.ownerId}`,
    `Challenge ID: ${c.challengeId}`,
    `Nonce: ${c.nonce}`,
    `Issued At: ${c.issuedAt.toISOString()}`,
    `Expiration Time: ${c.expiresAt.toISOString()}`,
  ].join("\n");
}
