DROP TABLE "bulk_recipients";--> statement-breakpoint
DROP TABLE "bulk_campaigns";
