ALTER TABLE "courses" DROP COLUMN "bonus";
