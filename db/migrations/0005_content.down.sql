DROP TABLE IF EXISTS "questions";
--> statement-breakpoint
DROP TABLE IF EXISTS "lessons";
--> statement-breakpoint
DROP TABLE IF EXISTS "courses";
