UPDATE "outbox" SET "payload" = "payload" || '{"forceTemplate": true}'::jsonb WHERE "as_template";
--> statement-breakpoint
DROP INDEX IF EXISTS "generated_files_user_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "delivery_statuses_outbox_idx";
--> statement-breakpoint
ALTER TABLE "generated_files" DROP CONSTRAINT IF EXISTS "generated_files_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "generated_files" DROP COLUMN IF EXISTS "user_id";
--> statement-breakpoint
ALTER TABLE "delivery_statuses" DROP COLUMN IF EXISTS "outbox_id";
--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN IF EXISTS "as_template";
--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN IF EXISTS "attempted_at";
