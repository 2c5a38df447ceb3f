-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Owner" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Owner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OwnerApiKey" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "lastFour" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "OwnerApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Machine" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "identityRef" TEXT NOT NULL,
    "identityProof" JSONB,
    "bond" JSONB,
    "machineType" TEXT NOT NULL,
    "runtimeProfile" TEXT NOT NULL,
    "capabilities" TEXT[],
    "labels" JSONB NOT NULL,
    "policyIds" TEXT[],
    "skillKeys" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Machine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MachineIdentityChallenge" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "identityRef" TEXT NOT NULL,
    "controllerAddresses" TEXT[],
    "nonce" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "MachineIdentityChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentPairingChallenge" (
    "id" TEXT NOT NULL,
    "machineId" TEXT NOT NULL,
    "agentAddress" TEXT NOT NULL,
    "agentDid" TEXT NOT NULL,
    "agentProvider" TEXT NOT NULL,
    "agentRole" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "pairingId" TEXT,
    "nonce" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "AgentPairingChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentPairing" (
    "id" TEXT NOT NULL,
    "machineId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "agentAddress" TEXT NOT NULL,
    "liveAgentAddress" TEXT,
    "agentDid" TEXT,
    "agentProvider" TEXT NOT NULL,
    "agentRole" TEXT NOT NULL,
    "description" TEXT,
    "verification" JSONB,
    "delegationPolicy" JSONB NOT NULL,
    "delegationPolicyHash" TEXT NOT NULL,
    "currentSessionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "AgentPairing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentSession" (
    "id" TEXT NOT NULL,
    "pairingId" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "lastFour" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "AgentSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Skill" (
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "operations" TEXT[],

    CONSTRAINT "Skill_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "MarketService" (
    "id" TEXT NOT NULL,
    "skillKey" TEXT NOT NULL,
    "providerKey" TEXT NOT NULL,
    "companyName" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "operations" TEXT[],
    "pricingMode" TEXT NOT NULL,
    "priceMicros" BIGINT,
    "currency" TEXT,
    "rate" TEXT,
    "notes" TEXT[],
    "executionMode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MarketService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MarketSearch" (
    "id" TEXT NOT NULL,
    "machineId" TEXT NOT NULL,
    "agentPairingId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MarketSearch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MarketQuote" (
    "id" TEXT NOT NULL,
    "searchId" TEXT NOT NULL,
    "machineId" TEXT NOT NULL,
    "agentPairingId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "skillKey" TEXT NOT NULL,
    "providerKey" TEXT NOT NULL,
    "priceMicros" BIGINT,
    "currency" TEXT,
    "reasons" TEXT[],
    "allowedByPolicy" BOOLEAN NOT NULL,
    "rank" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MarketQuote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MarketOrder" (
    "id" TEXT NOT NULL,
    "machineId" TEXT NOT NULL,
    "agentPairingId" TEXT NOT NULL,
    "searchId" TEXT,
    "quoteId" TEXT,
    "serviceId" TEXT NOT NULL,
    "skillKey" TEXT NOT NULL,
    "providerKey" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "policyHash" TEXT NOT NULL,
    "disputeReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "MarketOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" BIGSERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "machineId" TEXT NOT NULL,
    "pairingId" TEXT,
    "orderId" TEXT,
    "actor" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "decision" TEXT,
    "rule" TEXT,
    "details" JSONB NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "OwnerApiKey_keyHash_key" ON "OwnerApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "OwnerApiKey_ownerId_idx" ON "OwnerApiKey"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "Machine_identityRef_key" ON "Machine"("identityRef");

-- CreateIndex
CREATE INDEX "Machine_ownerId_createdAt_id_idx" ON "Machine"("ownerId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AgentPairingChallenge_machineId_idx" ON "AgentPairingChallenge"("machineId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentPairing_currentSessionId_key" ON "AgentPairing"("currentSessionId");

-- CreateIndex
CREATE INDEX "AgentPairing_machineId_createdAt_id_idx" ON "AgentPairing"("machineId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AgentPairing_machineId_liveAgentAddress_key" ON "AgentPairing"("machineId", "liveAgentAddress");

-- CreateIndex
CREATE UNIQUE INDEX "AgentSession_tokenId_key" ON "AgentSession"("tokenId");

-- CreateIndex
CREATE INDEX "AgentSession_pairingId_idx" ON "AgentSession"("pairingId");

-- CreateIndex
CREATE INDEX "MarketService_skillKey_id_idx" ON "MarketService"("skillKey", "id");

-- CreateIndex
CREATE INDEX "MarketSearch_agentPairingId_idx" ON "MarketSearch"("agentPairingId");

-- CreateIndex
CREATE INDEX "MarketQuote_searchId_idx" ON "MarketQuote"("searchId");

-- CreateIndex
CREATE INDEX "MarketOrder_agentPairingId_status_idx" ON "MarketOrder"("agentPairingId", "status");

-- CreateIndex
CREATE INDEX "MarketOrder_agentPairingId_createdAt_idx" ON "MarketOrder"("agentPairingId", "createdAt");

-- CreateIndex
CREATE INDEX "MarketOrder_machineId_createdAt_id_idx" ON "MarketOrder"("machineId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Event_id_key" ON "Event"("id");

-- CreateIndex
CREATE INDEX "Event_machineId_seq_idx" ON "Event"("machineId", "seq");

-- AddForeignKey
ALTER TABLE "OwnerApiKey" ADD CONSTRAINT "OwnerApiKey_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Machine" ADD CONSTRAINT "Machine_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentPairing" ADD CONSTRAINT "AgentPairing_machineId_fkey" FOREIGN KEY ("machineId") REFERENCES "Machine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentPairing" ADD CONSTRAINT "AgentPairing_currentSessionId_fkey" FOREIGN KEY ("currentSessionId") REFERENCES "AgentSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentSession" ADD CONSTRAINT "AgentSession_pairingId_fkey" FOREIGN KEY ("pairingId") REFERENCES "AgentPairing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MarketService" ADD CONSTRAINT "MarketService_skillKey_fkey" FOREIGN KEY ("skillKey") REFERENCES "Skill"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MarketQuote" ADD CONSTRAINT "MarketQuote_searchId_fkey" FOREIGN KEY ("searchId") REFERENCES "MarketSearch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MarketOrder" ADD CONSTRAINT "MarketOrder_machineId_fkey" FOREIGN KEY ("machineId") REFERENCES "Machine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MarketOrder" ADD CONSTRAINT "MarketOrder_agentPairingId_fkey" FOREIGN KEY ("agentPairingId") REFERENCES "AgentPairing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
