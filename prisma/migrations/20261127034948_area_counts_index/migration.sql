-- DropIndex
DROP INDEX "Facility_countyCode_isActive_idx";

-- CreateIndex
CREATE INDEX "Facility_area_counts_idx" ON "Facility"("countyCode", "constituencyCode", "wardCode", "isActive", "mergedIntoId", "confidentialLocation");
