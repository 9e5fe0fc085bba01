DROP TABLE "ops_alerts";
--> statement-breakpoint
DROP TABLE "error_minutes";
--> statement-breakpoint
DROP TABLE "error_groups";
