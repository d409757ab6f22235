-- AlterTable
ALTER TABLE "SourceRecord" ADD COLUMN     "reprocessedFromId" UUID;

-- CreateTable
CREATE TABLE "PlaceAlias" (
    "id" SERIAL NOT NULL,
    "level" "GeoLevel" NOT NULL,
    "text" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "entityCode" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlaceAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceSynonym" (
    "id" SERIAL NOT NULL,
    "text" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "serviceKey" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceSynonym_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PlaceAlias_level_key_key" ON "PlaceAlias"("level", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceSynonym_key_key" ON "ServiceSynonym"("key");

-- CreateIndex
CREATE INDEX "SourceRecord_reprocessedFromId_idx" ON "SourceRecord"("reprocessedFromId");

-- AddForeignKey
ALTER TABLE "ServiceSynonym" ADD CONSTRAINT "ServiceSynonym_serviceKey_fkey" FOREIGN KEY ("serviceKey") REFERENCES "ServiceCategory"("key") ON DELETE RESTRICT ON UPDATE CASCADE;
