-- Trigram search on facility names
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "GeoLevel" AS ENUM ('COUNTY', 'CONSTITUENCY', 'WARD');

-- CreateEnum
CREATE TYPE "FacilityType" AS ENUM ('HEALTH_FACILITY', 'POLICE_STATION', 'LEGAL_AID', 'SHELTER', 'SUPPORT_ORGANISATION', 'OTHER');

-- CreateEnum
CREATE TYPE "FacilityStatus" AS ENUM ('OPERATIONAL', 'NON_OPERATIONAL', 'CLOSED', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "CoordinateOrigin" AS ENUM ('SOURCE', 'SOURCE_SWAPPED', 'MANUAL');

-- CreateEnum
CREATE TYPE "ContactType" AS ENUM ('PHONE', 'EMAIL', 'WEBSITE', 'HOTLINE');

-- CreateEnum
CREATE TYPE "SourceKind" AS ENUM ('regional', 'other_services', 'kps_stations', 'category_A', 'category_B', 'equity_afya', 'gbv_support_organizations');

-- CreateEnum
CREATE TYPE "ImportRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "ImportSourceStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "RecordOutcome" AS ENUM ('INSERTED', 'UPDATED', 'UNCHANGED', 'MERGED', 'FLAGGED', 'REJECTED');

-- CreateEnum
CREATE TYPE "IssueSeverity" AS ENUM ('ERROR', 'WARNING');

-- CreateEnum
CREATE TYPE "DuplicateStatus" AS ENUM ('OPEN', 'MERGED', 'NOT_DUPLICATE');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'DATA_ENGINEER', 'DATA_ANALYST', 'VIEWER', 'PARTNER');

-- CreateTable
CREATE TABLE "County" (
    "code" VARCHAR(3) NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "County_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Constituency" (
    "code" VARCHAR(3) NOT NULL,
    "name" TEXT NOT NULL,
    "countyCode" VARCHAR(3) NOT NULL,

    CONSTRAINT "Constituency_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Ward" (
    "code" VARCHAR(4) NOT NULL,
    "name" TEXT NOT NULL,
    "constituencyCode" VARCHAR(3) NOT NULL,
    "countyCode" VARCHAR(3) NOT NULL,

    CONSTRAINT "Ward_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "GeoAlias" (
    "id" SERIAL NOT NULL,
    "level" "GeoLevel" NOT NULL,
    "alias" TEXT NOT NULL,
    "entityCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GeoAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Facility" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "type" "FacilityType" NOT NULL,
    "subtype" TEXT,
    "ownership" TEXT,
    "status" "FacilityStatus" NOT NULL DEFAULT 'UNKNOWN',
    "mflCode" TEXT,
    "stationCode" TEXT,
    "branchCode" TEXT,
    "registrationNumber" TEXT,
    "countyCode" VARCHAR(3) NOT NULL,
    "constituencyCode" VARCHAR(3),
    "wardCode" VARCHAR(4),
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "coordinateOrigin" "CoordinateOrigin",
    "coordinateSourceKind" "SourceKind",
    "address" TEXT,
    "openingHours" TEXT,
    "website" TEXT,
    "confidentialLocation" BOOLEAN NOT NULL DEFAULT false,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "mergedIntoId" UUID,
    "mergedAt" TIMESTAMP(3),
    "qualityScore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "overrides" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,
    "updatedBy" TEXT,

    CONSTRAINT "Facility_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceCategory" (
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT,
    "synonyms" TEXT[],

    CONSTRAINT "ServiceCategory_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "FacilityService" (
    "facilityId" UUID NOT NULL,
    "serviceKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FacilityService_pkey" PRIMARY KEY ("facilityId","serviceKey")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" UUID NOT NULL,
    "facilityId" UUID NOT NULL,
    "type" "ContactType" NOT NULL,
    "value" TEXT NOT NULL,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactPerson" (
    "id" UUID NOT NULL,
    "facilityId" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "nameEncrypted" TEXT NOT NULL,
    "phoneEncrypted" TEXT,
    "emailEncrypted" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactPerson_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" UUID NOT NULL,
    "status" "ImportRunStatus" NOT NULL DEFAULT 'QUEUED',
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "triggeredBy" TEXT,
    "triggeredByRole" TEXT,
    "requestId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "qualityReport" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportSource" (
    "id" UUID NOT NULL,
    "importRunId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "SourceKind",
    "fileName" TEXT NOT NULL,
    "storedPath" TEXT NOT NULL,
    "fileHash" TEXT,
    "status" "ImportSourceStatus" NOT NULL DEFAULT 'PENDING',
    "counts" JSONB NOT NULL DEFAULT '{}',
    "extracted" INTEGER NOT NULL DEFAULT 0,
    "reconciliation" JSONB,
    "qualityReport" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SourceRecord" (
    "id" UUID NOT NULL,
    "importRunId" UUID NOT NULL,
    "importSourceId" UUID NOT NULL,
    "kind" "SourceKind" NOT NULL,
    "fileName" TEXT NOT NULL,
    "pointer" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "normalised" JSONB,
    "outcome" "RecordOutcome" NOT NULL,
    "facilityId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SourceRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordIssue" (
    "id" UUID NOT NULL,
    "importRunId" UUID NOT NULL,
    "importSourceId" UUID,
    "code" TEXT NOT NULL,
    "severity" "IssueSeverity" NOT NULL,
    "message" TEXT NOT NULL,
    "field" TEXT,
    "fileName" TEXT NOT NULL,
    "pointer" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecordIssue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DuplicateCandidate" (
    "id" UUID NOT NULL,
    "facilityAId" UUID NOT NULL,
    "facilityBId" UUID NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "features" JSONB NOT NULL,
    "status" "DuplicateStatus" NOT NULL DEFAULT 'OPEN',
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "importRunId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DuplicateCandidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FacilityBlockKey" (
    "key" TEXT NOT NULL,
    "facilityId" UUID NOT NULL,

    CONSTRAINT "FacilityBlockKey_pkey" PRIMARY KEY ("key","facilityId")
);

-- CreateTable
CREATE TABLE "FacilityMerge" (
    "id" UUID NOT NULL,
    "survivorId" UUID NOT NULL,
    "mergedId" UUID NOT NULL,
    "candidateId" UUID,
    "reason" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "actor" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" TIMESTAMP(3),
    "undoneBy" TEXT,

    CONSTRAINT "FacilityMerge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "actorRole" TEXT,
    "requestId" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "importRunId" UUID,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "countyCode" VARCHAR(3),
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Constituency_countyCode_idx" ON "Constituency"("countyCode");

-- CreateIndex
CREATE INDEX "Ward_constituencyCode_idx" ON "Ward"("constituencyCode");

-- CreateIndex
CREATE INDEX "Ward_countyCode_idx" ON "Ward"("countyCode");

-- CreateIndex
CREATE INDEX "GeoAlias_alias_idx" ON "GeoAlias"("alias");

-- CreateIndex
CREATE UNIQUE INDEX "GeoAlias_level_alias_entityCode_key" ON "GeoAlias"("level", "alias", "entityCode");

-- CreateIndex
CREATE UNIQUE INDEX "Facility_code_key" ON "Facility"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Facility_mflCode_key" ON "Facility"("mflCode");

-- CreateIndex
CREATE UNIQUE INDEX "Facility_stationCode_key" ON "Facility"("stationCode");

-- CreateIndex
CREATE UNIQUE INDEX "Facility_branchCode_key" ON "Facility"("branchCode");

-- CreateIndex
CREATE UNIQUE INDEX "Facility_registrationNumber_key" ON "Facility"("registrationNumber");

-- CreateIndex
CREATE INDEX "Facility_countyCode_isActive_idx" ON "Facility"("countyCode", "isActive");

-- CreateIndex
CREATE INDEX "Facility_constituencyCode_idx" ON "Facility"("constituencyCode");

-- CreateIndex
CREATE INDEX "Facility_wardCode_idx" ON "Facility"("wardCode");

-- CreateIndex
CREATE INDEX "Facility_type_idx" ON "Facility"("type");

-- CreateIndex
CREATE INDEX "Facility_status_idx" ON "Facility"("status");

-- CreateIndex
CREATE INDEX "Facility_updatedAt_id_idx" ON "Facility"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Facility_name_id_idx" ON "Facility"("name", "id");

-- CreateIndex
CREATE INDEX "Facility_latitude_longitude_idx" ON "Facility"("latitude", "longitude");

-- CreateIndex
CREATE INDEX "Facility_mergedIntoId_idx" ON "Facility"("mergedIntoId");

-- CreateIndex
CREATE INDEX "Facility_searchName_trgm_idx" ON "Facility" USING GIN ("searchName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "FacilityService_serviceKey_idx" ON "FacilityService"("serviceKey");

-- CreateIndex
CREATE INDEX "Contact_value_idx" ON "Contact"("value");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_facilityId_type_value_key" ON "Contact"("facilityId", "type", "value");

-- CreateIndex
CREATE UNIQUE INDEX "ContactPerson_facilityId_fingerprint_key" ON "ContactPerson"("facilityId", "fingerprint");

-- CreateIndex
CREATE INDEX "ImportRun_createdAt_idx" ON "ImportRun"("createdAt");

-- CreateIndex
CREATE INDEX "ImportRun_status_idx" ON "ImportRun"("status");

-- CreateIndex
CREATE INDEX "ImportSource_kind_createdAt_idx" ON "ImportSource"("kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ImportSource_importRunId_position_key" ON "ImportSource"("importRunId", "position");

-- CreateIndex
CREATE INDEX "SourceRecord_kind_sourceKey_createdAt_idx" ON "SourceRecord"("kind", "sourceKey", "createdAt");

-- CreateIndex
CREATE INDEX "SourceRecord_facilityId_idx" ON "SourceRecord"("facilityId");

-- CreateIndex
CREATE INDEX "SourceRecord_importRunId_outcome_idx" ON "SourceRecord"("importRunId", "outcome");

-- CreateIndex
CREATE INDEX "SourceRecord_importSourceId_idx" ON "SourceRecord"("importSourceId");

-- CreateIndex
CREATE INDEX "RecordIssue_importRunId_code_idx" ON "RecordIssue"("importRunId", "code");

-- CreateIndex
CREATE INDEX "RecordIssue_importSourceId_idx" ON "RecordIssue"("importSourceId");

-- CreateIndex
CREATE INDEX "DuplicateCandidate_status_score_idx" ON "DuplicateCandidate"("status", "score");

-- CreateIndex
CREATE UNIQUE INDEX "DuplicateCandidate_facilityAId_facilityBId_key" ON "DuplicateCandidate"("facilityAId", "facilityBId");

-- CreateIndex
CREATE INDEX "FacilityBlockKey_facilityId_idx" ON "FacilityBlockKey"("facilityId");

-- CreateIndex
CREATE INDEX "FacilityMerge_survivorId_idx" ON "FacilityMerge"("survivorId");

-- CreateIndex
CREATE INDEX "FacilityMerge_mergedId_idx" ON "FacilityMerge"("mergedId");

-- CreateIndex
CREATE INDEX "AuditEvent_entityId_at_idx" ON "AuditEvent"("entityId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_actor_at_idx" ON "AuditEvent"("actor", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- AddForeignKey
ALTER TABLE "Constituency" ADD CONSTRAINT "Constituency_countyCode_fkey" FOREIGN KEY ("countyCode") REFERENCES "County"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ward" ADD CONSTRAINT "Ward_constituencyCode_fkey" FOREIGN KEY ("constituencyCode") REFERENCES "Constituency"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ward" ADD CONSTRAINT "Ward_countyCode_fkey" FOREIGN KEY ("countyCode") REFERENCES "County"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Facility" ADD CONSTRAINT "Facility_countyCode_fkey" FOREIGN KEY ("countyCode") REFERENCES "County"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Facility" ADD CONSTRAINT "Facility_constituencyCode_fkey" FOREIGN KEY ("constituencyCode") REFERENCES "Constituency"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Facility" ADD CONSTRAINT "Facility_wardCode_fkey" FOREIGN KEY ("wardCode") REFERENCES "Ward"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Facility" ADD CONSTRAINT "Facility_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Facility"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FacilityService" ADD CONSTRAINT "FacilityService_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FacilityService" ADD CONSTRAINT "FacilityService_serviceKey_fkey" FOREIGN KEY ("serviceKey") REFERENCES "ServiceCategory"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactPerson" ADD CONSTRAINT "ContactPerson_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportSource" ADD CONSTRAINT "ImportSource_importRunId_fkey" FOREIGN KEY ("importRunId") REFERENCES "ImportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceRecord" ADD CONSTRAINT "SourceRecord_importRunId_fkey" FOREIGN KEY ("importRunId") REFERENCES "ImportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceRecord" ADD CONSTRAINT "SourceRecord_importSourceId_fkey" FOREIGN KEY ("importSourceId") REFERENCES "ImportSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceRecord" ADD CONSTRAINT "SourceRecord_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordIssue" ADD CONSTRAINT "RecordIssue_importRunId_fkey" FOREIGN KEY ("importRunId") REFERENCES "ImportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordIssue" ADD CONSTRAINT "RecordIssue_importSourceId_fkey" FOREIGN KEY ("importSourceId") REFERENCES "ImportSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuplicateCandidate" ADD CONSTRAINT "DuplicateCandidate_facilityAId_fkey" FOREIGN KEY ("facilityAId") REFERENCES "Facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuplicateCandidate" ADD CONSTRAINT "DuplicateCandidate_facilityBId_fkey" FOREIGN KEY ("facilityBId") REFERENCES "Facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FacilityBlockKey" ADD CONSTRAINT "FacilityBlockKey_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FacilityMerge" ADD CONSTRAINT "FacilityMerge_survivorId_fkey" FOREIGN KEY ("survivorId") REFERENCES "Facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FacilityMerge" ADD CONSTRAINT "FacilityMerge_mergedId_fkey" FOREIGN KEY ("mergedId") REFERENCES "Facility"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_countyCode_fkey" FOREIGN KEY ("countyCode") REFERENCES "County"("code") ON DELETE SET NULL ON UPDATE CASCADE;
