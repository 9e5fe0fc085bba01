DROP INDEX IF EXISTS "outbox_provider_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "outbox_held_idx";
--> statement-breakpoint
DROP TABLE IF EXISTS "delivery_statuses";
