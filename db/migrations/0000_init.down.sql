DROP TABLE IF EXISTS "timers";
--> statement-breakpoint
DROP TABLE IF EXISTS "outbox";
--> statement-breakpoint
DROP TABLE IF EXISTS "inbound_messages";
--> statement-breakpoint
DROP TABLE IF EXISTS "activity_log";
--> statement-breakpoint
DROP TABLE IF EXISTS "conversations";
--> statement-breakpoint
DROP TABLE IF EXISTS "admins";
--> statement-breakpoint
DROP TABLE IF EXISTS "users";
